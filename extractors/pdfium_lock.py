"""PDFium's lock. PDFium keeps global state: two threads in it crash the process, and a process
forked while a thread is inside it inherits that state half-changed. Apart from the PDF reader, so
a process can take the lock (to fork a reader for a DOCX) without loading PDFium."""

import threading

PDFIUM_LOCK = threading.Lock()
