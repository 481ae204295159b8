"""Word letters: template check, sandboxed rendering, batch output, PDF conversion."""
