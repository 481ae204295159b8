"""training …: set up programmes and cohorts, enrol and attend, documents and reach."""
