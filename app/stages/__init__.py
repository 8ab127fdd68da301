"""A scooter's way from a complaint back to the street: its stage events (picked up, arrived,
released, back on the street, left unrepaired), the release that tells Drive, the per-scooter
timeline, and the queues people work from (the warehouse board, the pick-up and drop-off
lists). Repairs themselves stay in app/repairs; complaints in app/complaints.
"""
