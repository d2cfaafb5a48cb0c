"""揭榜挂帅 open challenges: publish a key problem with a budget, applications, blind rubric
review, award and milestones tied to TRL evidence, with an auditable workflow."""
