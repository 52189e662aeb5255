-- 0.6.0: streaming packages and quality measurements.
-- New task types (PACKAGE writes HLS/DASH manifests over CMAF segments, MEASURE_QUALITY compares a
-- rendition with its source) and a new asset state (PACKAGING, between VALIDATING and COMPLETE).
-- The results are facts in the asset's log (Packaged, QualityMeasured), so no new columns.
ALTER TABLE task DROP CONSTRAINT IF EXISTS task_type_check;
ALTER TABLE task ADD CONSTRAINT task_type_check CHECK (type IN ('PROBE', 'ENCODE_AUDIO', 'ENCODE_CHUNK', 'ASSEMBLE',
    'VALIDATE', 'NOTIFY', 'PACKAGE', 'MEASURE_QUALITY'));

ALTER TABLE asset DROP CONSTRAINT IF EXISTS asset_state_check;
ALTER TABLE asset ADD CONSTRAINT asset_state_check CHECK (state IN ('NEW', 'PROBING', 'ENCODING', 'ASSEMBLING',
    'VALIDATING', 'PACKAGING', 'COMPLETE', 'FAILED', 'CANCELLED'));
