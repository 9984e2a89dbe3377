"""E-wizyty: booking a video consultation with ZUS (topics, slot rules, booking flow, client, calendar export).

Facts and gaps: ../shared/domain/relief-and-evisits.md §3–§5. No Qt here.
"""
