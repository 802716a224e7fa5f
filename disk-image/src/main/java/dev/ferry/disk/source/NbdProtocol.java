package dev.ferry.disk.source;

/**
 * Numbers of the NBD protocol (NetworkBlockDevice/nbd doc/proto.md) that Ferry's client uses, and the names of the
 * error values servers send.
 */
final class NbdProtocol {

    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454f5054L;
    static final long OLDSTYLE_MAGIC = 0x00420281861253L;
    static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;

    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 1 << 1;
    static final int FLAG_C_FIXED_NEWSTYLE = 1;
    static final int FLAG_C_NO_ZEROES = 1 << 1;

    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_GO = 7;
    static final int OPT_STRUCTURED_REPLY = 8;
    static final int OPT_SET_META_CONTEXT = 10;

    static final int REP_ACK = 1;
    static final int REP_INFO = 3;
    static final int REP_META_CONTEXT = 4;
    static final int REP_ERROR_BIT = 1 << 31;
    static final int REP_ERR_UNSUP = REP_ERROR_BIT | 1;
    static final int REP_ERR_POLICY = REP_ERROR_BIT | 2;
    static final int REP_ERR_INVALID = REP_ERROR_BIT | 3;
    static final int REP_ERR_PLATFORM = REP_ERROR_BIT | 4;
    static final int REP_ERR_TLS_REQD = REP_ERROR_BIT | 5;
    static final int REP_ERR_UNKNOWN = REP_ERROR_BIT | 6;
    static final int REP_ERR_SHUTDOWN = REP_ERROR_BIT | 7;
    static final int REP_ERR_BLOCK_SIZE_REQD = REP_ERROR_BIT | 8;
    static final int REP_ERR_TOO_BIG = REP_ERROR_BIT | 9;

    static final short INFO_EXPORT = 0;
    static final short INFO_BLOCK_SIZE = 3;

    static final int TRANSMISSION_HAS_FLAGS = 1;

    static final short CMD_READ = 0;
    static final short CMD_DISC = 2;
    static final short CMD_BLOCK_STATUS = 7;

    static final int REPLY_FLAG_DONE = 1;
    static final int REPLY_TYPE_NONE = 0;
    static final int REPLY_TYPE_OFFSET_DATA = 1;
    static final int REPLY_TYPE_OFFSET_HOLE = 2;
    static final int REPLY_TYPE_BLOCK_STATUS = 5;
    static final int REPLY_TYPE_ERROR_BIT = 1 << 15;
    static final int REPLY_TYPE_ERROR_OFFSET = REPLY_TYPE_ERROR_BIT | 2;

    static final int STATE_HOLE = 1;
    static final int STATE_ZERO = 1 << 1;

    static final String BASE_ALLOCATION = "base:allocation";

    /** Requests longer than this are split unless the server advertises a larger maximum (the spec's safe size). */
    static final int DEFAULT_MAX_BLOCK = 32 << 20;
    /** Export names, error messages and other strings are at most this long. */
    static final int MAX_STRING = 4096;

    private NbdProtocol() {
    }

    /** The name of an NBD error value, for messages. */
    static String errorName(int error) {
        return switch (error) {
            case 1 -> "EPERM (operation not permitted)";
            case 5 -> "EIO (input/output error)";
            case 12 -> "ENOMEM (out of memory)";
            case 22 -> "EINVAL (invalid argument)";
            case 28 -> "ENOSPC (no space left)";
            case 75 -> "EOVERFLOW (value too large)";
            case 95 -> "ENOTSUP (not supported)";
            case 108 -> "ESHUTDOWN (server shutting down)";
            default -> "error " + Integer.toUnsignedString(error);
        };
    }

    /** What an option error reply means, for messages. */
    static String optionErrorName(int reply) {
        return switch (reply) {
            case REP_ERR_UNSUP -> "option not supported";
            case REP_ERR_POLICY -> "refused by server policy";
            case REP_ERR_INVALID -> "invalid request";
            case REP_ERR_PLATFORM -> "not supported on the server's platform";
            case REP_ERR_TLS_REQD -> "the server requires TLS (nbds://), which Ferry's NBD client does not speak yet";
            case REP_ERR_UNKNOWN -> "no such export";
            case REP_ERR_SHUTDOWN -> "the server is shutting down";
            case REP_ERR_BLOCK_SIZE_REQD -> "the server requires block size negotiation";
            case REP_ERR_TOO_BIG -> "request too big";
            default -> "error reply 0x" + Integer.toHexString(reply);
        };
    }
}
