"""The scoring pipeline: ``ScoringSpec`` -> select -> impute -> treat -> normalise -> aggregate -> rank -> one
frozen ``Result`` (with provenance)."""
