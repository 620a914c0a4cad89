"""A session holds at most a stated total of uploaded bytes, whatever the file ids (issue 23, item 1).

Streamlit's upload endpoint stores a file under any id for an open session, and its size limit is per file: fifteen
18 MB PUTs under made-up ids were all kept (+260 MB) until the session ended. ``bound_session_uploads`` wraps the
server's in-memory upload store (Streamlit's own ``MemoryUploadedFileManager`` here) so that a session's files never
exceed the limit: the oldest others go first, the newest (the browser's current file) stays.
"""

from __future__ import annotations

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from readiness_app.uploads import SESSION_UPLOAD_MAX_BYTES, bound_session_uploads

MB = 2**20


def rec(file_id: str, mb: int) -> UploadedFileRec:
    return UploadedFileRec(file_id=file_id, name=f"{file_id}.bin", type="application/octet-stream",
                           data=b"\0" * (mb * MB))


def held(manager: MemoryUploadedFileManager, session: str) -> dict[str, int]:
    return {k: len(v.data) // MB for k, v in manager.file_storage.get(session, {}).items()}


def test_orphan_files_under_made_up_ids_stay_within_the_session_limit():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    assert bound_session_uploads(40 * MB, manager)
    for i in range(15):
        manager.add_file("s1", rec(f"made-up-{i}", 18))
    assert sum(held(manager, "s1").values()) <= 40
    assert list(held(manager, "s1")) == ["made-up-13", "made-up-14"]  # the newest stay


def test_sessions_are_limited_each_on_their_own():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    bound_session_uploads(40 * MB, manager)
    manager.add_file("s1", rec("map", 19))
    manager.add_file("s1", rec("data", 19))
    manager.add_file("s2", rec("map", 19))
    assert held(manager, "s1") == {"map": 19, "data": 19}  # the map's and the Data page's files together fit
    assert held(manager, "s2") == {"map": 19}


def test_a_file_above_the_limit_alone_is_not_kept():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    bound_session_uploads(10 * MB, manager)
    manager.add_file("s1", rec("big", 12))
    assert held(manager, "s1") == {}


def test_bounding_twice_does_not_wrap_twice_and_the_default_holds_both_uploaders():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    bound_session_uploads(manager=manager)
    wrapped = manager.add_file
    bound_session_uploads(manager=manager)
    assert manager.add_file is wrapped
    assert SESSION_UPLOAD_MAX_BYTES >= 2 * 20 * MB


def test_files_of_sessions_without_a_browser_are_dropped():
    """Streamlit forgets a closed session after its reconnection time without removing its files: they went when
    the next script ran on the server."""
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    manager.add_file("open", rec("map", 2))
    manager.add_file("closed", rec("map", 2))
    bound_session_uploads(40 * MB, manager, is_active=lambda sid: sid == "open")
    assert held(manager, "open") == {"map": 2}
    assert held(manager, "closed") == {}
