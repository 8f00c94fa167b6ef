-- The case loop (issue 21): departments, the class table with its time limits, the working
-- calendar, cases, their transitions and photos. docs/cases.md describes every column's meaning.

-- Departments a case is dispatched to (处置部门). A handler account names one of them.
CREATE TABLE departments (
    code        VARCHAR(32)  PRIMARY KEY,
    name_zh     VARCHAR(100) NOT NULL,
    name_en     VARCHAR(100) NOT NULL,
    phone       VARCHAR(32),
    active      BOOLEAN      NOT NULL DEFAULT TRUE,
    sort_order  INT          NOT NULL DEFAULT 0
);
INSERT INTO departments (code, name_zh, name_en, phone, active, sort_order) VALUES
  ('sanitation',    '环卫所',         'Sanitation station',           NULL, TRUE, 1),
  ('vector_control','爱卫办（病媒防制）', 'Patriotic health office (vector control)', NULL, TRUE, 2),
  ('municipal',     '市政养护所',     'Municipal maintenance',        NULL, TRUE, 3),
  ('community',     '居委会',         'Residents'' committee',        NULL, TRUE, 4);

-- Case classes (事件/部件 大类 and 小类). Time limits are working minutes on the work calendar:
-- register (reported → registered), dispatch (registered → dispatched), handle (dispatched →
-- handled), verify (handled → verified), close (verified → closed). auto_dispatch: registering a
-- case of this class dispatches it at once to default_department.
CREATE TABLE case_classes (
    code                VARCHAR(32)  PRIMARY KEY,
    kind                VARCHAR(8)   NOT NULL CHECK (kind IN ('event', 'part')),
    category_zh         VARCHAR(100) NOT NULL,
    category_en         VARCHAR(100) NOT NULL,
    name_zh             VARCHAR(100) NOT NULL,
    name_en             VARCHAR(100) NOT NULL,
    part_code           VARCHAR(16),
    default_department  VARCHAR(32)  REFERENCES departments (code),
    auto_dispatch       BOOLEAN      NOT NULL DEFAULT FALSE,
    register_minutes    INT          NOT NULL CHECK (register_minutes > 0),
    dispatch_minutes    INT          NOT NULL CHECK (dispatch_minutes > 0),
    handle_minutes      INT          NOT NULL CHECK (handle_minutes > 0),
    verify_minutes      INT          NOT NULL CHECK (verify_minutes > 0),
    close_minutes       INT          NOT NULL CHECK (close_minutes > 0),
    closing_condition_zh VARCHAR(500) NOT NULL,
    closing_condition_en VARCHAR(500) NOT NULL,
    active              BOOLEAN      NOT NULL DEFAULT TRUE,
    sort_order          INT          NOT NULL DEFAULT 0
);
-- A working day is 8 working hours (480 minutes) on the seeded calendar.
INSERT INTO case_classes (code, kind, category_zh, category_en, name_zh, name_en, part_code, default_department,
                          auto_dispatch, register_minutes, dispatch_minutes, handle_minutes, verify_minutes,
                          close_minutes, closing_condition_zh, closing_condition_en, active, sort_order) VALUES
  ('exposed_garbage', 'event', '市容环境', 'City appearance', '暴露垃圾', 'Exposed garbage', NULL, 'sanitation',
     TRUE, 60, 30, 480, 120, 240, '垃圾清理干净，现场无残留', 'Garbage removed, nothing left on site', TRUE, 1),
  ('accumulated_debris', 'event', '市容环境', 'City appearance', '积存垃圾渣土', 'Accumulated garbage or debris', NULL, 'sanitation',
     FALSE, 60, 30, 1920, 120, 240, '积存垃圾渣土全部清运', 'All accumulated garbage and debris carted away', TRUE, 2),
  ('dirty_road', 'event', '市容环境', 'City appearance', '道路不洁', 'Dirty road', NULL, 'sanitation',
     TRUE, 60, 30, 300, 120, 240, '路面清扫保洁达标', 'Road surface swept to standard', TRUE, 3),
  ('bin_overflow', 'event', '市容环境', 'City appearance', '垃圾满溢/桶盖缺失', 'Bin overflowing or lid missing', NULL, 'sanitation',
     TRUE, 60, 30, 240, 120, 240, '垃圾已清运，桶盖齐全盖好', 'Bin emptied and its lid in place and closed', TRUE, 4),
  ('breeding_site', 'event', '病媒防制', 'Vector control', '积水/蚊蝇孳生地', 'Stagnant water / breeding site', NULL, 'vector_control',
     FALSE, 60, 30, 480, 120, 240, '积水清除或处理，无幼虫孳生', 'Water removed or treated, no larvae', TRUE, 5),
  ('rodent_signs', 'event', '病媒防制', 'Vector control', '鼠迹鼠洞', 'Rodent signs or burrows', NULL, 'vector_control',
     FALSE, 60, 30, 1440, 120, 240, '鼠洞堵塞，鼠迹清除并投放毒饵', 'Burrows sealed, signs cleaned, bait placed', TRUE, 6),
  ('bait_station', 'event', '病媒防制', 'Vector control', '毒饵站缺损', 'Bait station damaged or empty', NULL, 'vector_control',
     FALSE, 60, 30, 960, 120, 240, '毒饵站完好，毒饵足量有效', 'Bait station intact with enough effective bait', TRUE, 7),
  ('well_cover', 'part', '公用设施', 'Public facilities', '窨井盖缺损', 'Sewer-well cover damaged or missing', '0102', 'municipal',
     TRUE, 30, 30, 240, 120, 240, '井盖完好归位，周边安全', 'Cover intact and seated, surroundings safe', TRUE, 8);

-- The working hours of every working day (one row): a morning and an afternoon period, the lunch
-- break between them not counted. weekend_days: ISO days of week (1 = Monday) that are not
-- working days unless work_calendar_days makes one a make-up working day.
CREATE TABLE work_calendar (
    id              INT PRIMARY KEY CHECK (id = 1),
    morning_start   VARCHAR(5) NOT NULL,
    morning_end     VARCHAR(5) NOT NULL,
    afternoon_start VARCHAR(5) NOT NULL,
    afternoon_end   VARCHAR(5) NOT NULL,
    weekend_days    VARCHAR(20) NOT NULL
);
INSERT INTO work_calendar (id, morning_start, morning_end, afternoon_start, afternoon_end, weekend_days)
VALUES (1, '09:00', '12:00', '13:00', '18:00', '6,7');

-- Days that differ from the weekly rule: holidays (no work on a weekday) and make-up working days
-- (调休: work on a weekend day). Seeded with the State Council's holiday arrangement for 2026
-- (published in November 2025); 2027 was not known reliably when this was written: districts add
-- it through PUT /api/work-calendar.
CREATE TABLE work_calendar_days (
    work_date DATE        PRIMARY KEY,
    kind     VARCHAR(8)  NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name_zh  VARCHAR(100) NOT NULL,
    name_en  VARCHAR(100) NOT NULL
);
INSERT INTO work_calendar_days (work_date, kind, name_zh, name_en) VALUES
  (DATE '2026-01-01', 'holiday', '元旦', 'New Year''s Day'),
  (DATE '2026-01-02', 'holiday', '元旦', 'New Year''s Day'),
  (DATE '2026-01-03', 'holiday', '元旦', 'New Year''s Day'),
  (DATE '2026-01-04', 'workday', '元旦调休上班', 'Make-up working day (New Year)'),
  (DATE '2026-02-14', 'workday', '春节调休上班', 'Make-up working day (Spring Festival)'),
  (DATE '2026-02-15', 'holiday', '春节', 'Spring Festival'),
  (DATE '2026-02-16', 'holiday', '春节', 'Spring Festival'),
  (DATE '2026-02-17', 'holiday', '春节', 'Spring Festival'),
  (DATE '2026-02-18', 'holiday', '春节', 'Spring Festival'),
  (DATE '2026-02-19', 'holiday', '春节', 'Spring Festival'),
  (DATE '2026-02-20', 'holiday', '春节', 'Spring Festival'),
  (DATE '2026-02-21', 'holiday', '春节', 'Spring Festival'),
  (DATE '2026-02-22', 'holiday', '春节', 'Spring Festival'),
  (DATE '2026-02-23', 'holiday', '春节', 'Spring Festival'),
  (DATE '2026-02-28', 'workday', '春节调休上班', 'Make-up working day (Spring Festival)'),
  (DATE '2026-04-04', 'holiday', '清明节', 'Qingming Festival'),
  (DATE '2026-04-05', 'holiday', '清明节', 'Qingming Festival'),
  (DATE '2026-04-06', 'holiday', '清明节', 'Qingming Festival'),
  (DATE '2026-05-01', 'holiday', '劳动节', 'Labour Day'),
  (DATE '2026-05-02', 'holiday', '劳动节', 'Labour Day'),
  (DATE '2026-05-03', 'holiday', '劳动节', 'Labour Day'),
  (DATE '2026-05-04', 'holiday', '劳动节', 'Labour Day'),
  (DATE '2026-05-05', 'holiday', '劳动节', 'Labour Day'),
  (DATE '2026-05-09', 'workday', '劳动节调休上班', 'Make-up working day (Labour Day)'),
  (DATE '2026-06-19', 'holiday', '端午节', 'Dragon Boat Festival'),
  (DATE '2026-06-20', 'holiday', '端午节', 'Dragon Boat Festival'),
  (DATE '2026-06-21', 'holiday', '端午节', 'Dragon Boat Festival'),
  (DATE '2026-09-20', 'workday', '国庆节调休上班', 'Make-up working day (National Day)'),
  (DATE '2026-09-25', 'holiday', '中秋节', 'Mid-Autumn Festival'),
  (DATE '2026-09-26', 'holiday', '中秋节', 'Mid-Autumn Festival'),
  (DATE '2026-09-27', 'holiday', '中秋节', 'Mid-Autumn Festival'),
  (DATE '2026-10-01', 'holiday', '国庆节', 'National Day'),
  (DATE '2026-10-02', 'holiday', '国庆节', 'National Day'),
  (DATE '2026-10-03', 'holiday', '国庆节', 'National Day'),
  (DATE '2026-10-04', 'holiday', '国庆节', 'National Day'),
  (DATE '2026-10-05', 'holiday', '国庆节', 'National Day'),
  (DATE '2026-10-06', 'holiday', '国庆节', 'National Day'),
  (DATE '2026-10-07', 'holiday', '国庆节', 'National Day'),
  (DATE '2026-10-10', 'workday', '国庆节调休上班', 'Make-up working day (National Day)');

-- The last sequence number of each day (in the district's zone): the human case number is
-- YYYYMMDD-NNNN. A create increments its day's row inside its transaction, so two creates never
-- draw the same number (the row lock orders them; the UNIQUE on case_number is the net).
CREATE TABLE case_number_counter (
    work_date DATE PRIMARY KEY,
    last_seq  INT  NOT NULL
);

-- A case (案件). Deadlines are instants computed on the work calendar when the stage begins:
-- stage_deadline is the current stage's (NULL in terminal states), the others keep each stage's own
-- for evaluation. close_deadline is the whole case's limit from registration (dispatch + handle +
-- verify + close minutes, plus granted extensions). reporter_* are personal data: staff only.
CREATE TABLE cases (
    id                 BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_number        VARCHAR(16)  NOT NULL UNIQUE,
    client_id          VARCHAR(64)  UNIQUE,
    source             VARCHAR(16)  NOT NULL CHECK (source IN ('patrol', 'field', 'resident', 'hotline', 'open311', 'import')),
    class_code         VARCHAR(32)  NOT NULL REFERENCES case_classes (code),
    status             VARCHAR(16)  NOT NULL CHECK (status IN ('reported', 'registered', 'dispatched', 'handled',
                                                               'verified', 'closed', 'rejected', 'merged')),
    lon                DOUBLE PRECISION NOT NULL,
    lat                DOUBLE PRECISION NOT NULL,
    geom               GEOMETRY(POINT, 4326) NOT NULL,
    small_grid_code    VARCHAR(64),
    large_grid_code    VARCHAR(64),
    feature_id         BIGINT,
    inspection_id      BIGINT,
    description        VARCHAR(2000),
    address            VARCHAR(300),
    reporter_name      VARCHAR(100),
    reporter_phone     VARCHAR(32),
    reported_by        VARCHAR(64),
    department_code    VARCHAR(32) REFERENCES departments (code),
    assignee           VARCHAR(64),
    merged_into        BIGINT REFERENCES cases (id),
    reopened_from      BIGINT REFERENCES cases (id),
    reported_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    registered_at      TIMESTAMP WITH TIME ZONE,
    dispatched_at      TIMESTAMP WITH TIME ZONE,
    handled_at         TIMESTAMP WITH TIME ZONE,
    verified_at        TIMESTAMP WITH TIME ZONE,
    closed_at          TIMESTAMP WITH TIME ZONE,
    stage_deadline     TIMESTAMP WITH TIME ZONE,
    register_deadline  TIMESTAMP WITH TIME ZONE,
    dispatch_deadline  TIMESTAMP WITH TIME ZONE,
    handle_deadline    TIMESTAMP WITH TIME ZONE,
    verify_deadline    TIMESTAMP WITH TIME ZONE,
    close_deadline     TIMESTAMP WITH TIME ZONE,
    extension_minutes  INT NOT NULL DEFAULT 0,
    pending_extension_minutes INT,
    rework_count       INT NOT NULL DEFAULT 0,
    version            BIGINT NOT NULL DEFAULT 0,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
-- The dispatcher's queue and "overdue now": open cases by their current deadline.
CREATE INDEX cases_status_deadline_idx ON cases (status, stage_deadline);
CREATE INDEX cases_grid_status_idx ON cases (small_grid_code, status);
CREATE INDEX cases_large_grid_idx ON cases (large_grid_code, reported_at);
CREATE INDEX cases_department_status_idx ON cases (department_code, status, stage_deadline);
CREATE INDEX cases_class_status_idx ON cases (class_code, status);
CREATE INDEX cases_reported_idx ON cases (reported_at);
CREATE INDEX cases_merged_idx ON cases (merged_into);
-- No R-tree on the embedded store (see V87): viewports look up the point's tile of PointTiles' lattice.
ALTER TABLE cases ADD COLUMN geom_tile BIGINT GENERATED ALWAYS AS (
    (CAST(FLOOR(ST_X(geom) * 500) AS BIGINT) + 90000) * 100000 + CAST(FLOOR(ST_Y(geom) * 500) AS BIGINT) + 45000);
CREATE INDEX cases_geom_tile_idx ON cases (geom_tile);

-- Every transition of a case, with who, when, and the note; photos name the transition they came with.
CREATE TABLE case_transitions (
    id                BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id           BIGINT      NOT NULL REFERENCES cases (id),
    action            VARCHAR(24) NOT NULL,
    from_status       VARCHAR(16),
    to_status         VARCHAR(16) NOT NULL,
    actor             VARCHAR(64) NOT NULL,
    happened_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    note              VARCHAR(2000),
    department_code   VARCHAR(32),
    extension_minutes INT,
    related_case_id   BIGINT
);
CREATE INDEX case_transitions_case_idx ON case_transitions (case_id, id);
CREATE INDEX case_transitions_at_idx ON case_transitions (happened_at, action);

-- Photos of a case: before (with the report), after (the handler's), verify (the grid worker's).
CREATE TABLE case_photos (
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id        BIGINT      NOT NULL REFERENCES cases (id),
    transition_id  BIGINT      REFERENCES case_transitions (id),
    kind           VARCHAR(8)  NOT NULL CHECK (kind IN ('before', 'after', 'verify')),
    content_type   VARCHAR(32) NOT NULL,
    size_bytes     INT         NOT NULL,
    uploaded_by    VARCHAR(64) NOT NULL,
    uploaded_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    bytes          BLOB NOT NULL
);
CREATE INDEX case_photos_case_idx ON case_photos (case_id, id);
