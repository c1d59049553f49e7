// Visitors' times in their own zone: the server reads the browser's zone from this cookie
// (alliance.middleware.TimeZoneMiddleware; a member's comes from their profile). The first page
// a browser opens is in UTC, and says so; the next ones are in its zone.
(() => {
  const zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || !/^[A-Za-z0-9_+\-\/]+$/.test(zone)) return;
  if (document.cookie.split("; ").includes(`tz=${zone}`)) return;
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `tz=${zone}; path=/; max-age=31536000; samesite=lax${secure}`;
})();
