"""The reach report: who the programme engaged in a period, by deprivation, age, ethnic group, disability,
carers and PLUS groups, against the population it serves; and the places no active group reaches."""
