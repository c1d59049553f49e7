"""The manifesto (versions, sections, comments, endorsements) and, later, the library."""
