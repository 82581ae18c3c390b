-- Delivery keys live in their own file beside the database (src/server/deliveries.ts), which an
-- import never locks; the old table held only keys younger than an hour, nothing to keep.
DROP TABLE "processed_deliveries";
