"""The model: the indicator framework, the table contracts, the dataset loader, derive rules, the code register and
the domain rules (method periods, official bands, targets)."""
