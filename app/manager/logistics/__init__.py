"""The logistics pages: the warehouse board, the pick-up list and the drop-off list (with
their CSVs), each oldest first, built on app/stages/queues."""
