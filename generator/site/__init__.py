"""Making the site: the MkDocs plugin, its pages, templates and theme overrides, and the preview."""
