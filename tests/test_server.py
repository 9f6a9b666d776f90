import random
import socket

from clts_forum.server import listening_socket


def test_the_listening_socket_has_nagle_off_and_accepted_sockets_inherit_it():
    listener = listening_socket("127.0.0.1", 0)
    try:
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        client = socket.create_connection(listener.getsockname()[:2])
        accepted, _ = listener.accept()
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        accepted.close()
        client.close()
    finally:
        listener.close()


def test_websocket_frames_are_unmasked_as_rfc_6455_says_whatever_the_length_and_offset():
    from eventlet import websocket

    from clts_forum.server import unmask_websocket_frames_in_one_pass

    unmask_websocket_frames_in_one_pass()
    unmask = websocket.RFC6455WebSocket._apply_mask
    rng = random.Random(16)
    for length in (0, 1, 3, 4, 5, 125, 126, 1000, 70_000):
        data = rng.randbytes(length)
        mask = tuple(rng.randrange(256) for _ in range(4))
        for offset in (0, 1, 2, 3, 7):
            expected = bytes(byte ^ mask[(offset + i) % 4] for i, byte in enumerate(data))
            assert unmask(data, mask, length=length, offset=offset) == expected
            assert unmask(data, list(mask), offset=offset) == expected  # eventlet's own sends pass a list
    assert unmask(b"\x00\x01\x02\x03\x04\x05", (1, 1, 1, 1), length=4) == b"\x01\x00\x03\x02"
