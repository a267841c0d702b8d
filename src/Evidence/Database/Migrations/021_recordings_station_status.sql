-- A search by station and status counted its matches by reading almost every page of the table (a station's
-- recordings are spread over all of it); with both columns in one index the count reads the index alone.
CREATE INDEX recordings_station_status ON recordings (station, status);
