"""The Reach view: who the programme heard from, against the population, and the places no group reaches."""
