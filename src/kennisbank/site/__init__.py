"""The site: Markdown and data files per page kind from the checked model, term links, the
search index, IRI documents and server configurations, and the build and live preview with
MkDocs or Zensical."""
