"""Component ids shared by the layout, the callbacks and the browser tests."""

URL = "url"
PAGE = "page"
RENDERED = "rendered"  # store: interface language the page was built in
WRITTEN = "written"  # store: the last URL query the controls wrote
HTML_DIR = "html-dir"  # store: dummy output of the clientside dir/lang callback

WRAPPER = "wrapper"
TITLE = "app-title"
COUNT = "event-count"
EMPTY = "empty-message"
UI_LANG = "ui-lang"

ACTORS = "f-actors"
ROLE = "f-role"
TYPES = "f-types"
DATES = "f-dates"
DATE_SLIDER = "f-date-slider"
LANGS = "f-langs"
OUTLETS = "f-outlets"
TEXT = "f-text"
CONFIDENCE = "f-confidence"
CLEAR = "f-clear"
PAIR = "f-pair"  # store: (source, target) chosen in the matrix
PAIR_CHIP = "pair-chip"
PAIR_LABEL = "pair-label"
PAIR_REMOVE = "pair-remove"

TIMELINE = "timeline"
LANES = "lanes"
UNDATED = "undated"
UNDATED_ITEM = "undated-item"  # pattern-matching: {"type": UNDATED_ITEM, "index": event id}
COUNTS = "counts"
PERIOD = "period"
MATRIX = "matrix"
TABLE = "table"
TABLE_SEARCH = "table-search"
TABLE_NOTE = "table-note"
DETAIL = "detail"
DOWNLOAD = "download"  # dcc.Download of every download menu
DOWNLOAD_NOTE = "download-note"  # what went wrong with the last download
DOWNLOAD_MENU = "download-menu"  # pattern-matching: {"type": ..., "what": chart or "data"}
DOWNLOAD_ITEM = "download-item"  # pattern-matching: {"type": ..., "what": ..., "fmt": format}
