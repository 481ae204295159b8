"""What every feature uses: the app context, undo, audit, validation, vocabularies, change kinds."""
