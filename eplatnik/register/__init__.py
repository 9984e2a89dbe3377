"""The register: payers, insured persons, accountants and authorisations."""
