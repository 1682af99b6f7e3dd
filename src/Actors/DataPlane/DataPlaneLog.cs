using Microsoft.Extensions.Logging;

namespace ActorNet.DataPlane;

/// <summary>The data plane's log messages (event ids 5000–5099).</summary>
internal static partial class DataPlaneLog
{
    [LoggerMessage(5000, LogLevel.Information, "data plane listening on {Address}")]
    public static partial void Listening(ILogger logger, DataPlaneAddress address);

    [LoggerMessage(5003, LogLevel.Information, "data plane listening on {Bound}, advertised to peers as {Address}")]
    public static partial void ListeningBehind(ILogger logger, DataPlaneAddress bound, DataPlaneAddress address);

    [LoggerMessage(5001, LogLevel.Warning, "data plane on {Address} runs without a secret; any local process can connect")]
    public static partial void NoSecret(ILogger logger, DataPlaneAddress address);

    [LoggerMessage(5002, LogLevel.Warning, "data plane accept failed: {Reason}")]
    public static partial void AcceptFailed(ILogger logger, string reason);

    [LoggerMessage(5010, LogLevel.Warning, "data plane refused a connection from {Remote}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(5011, LogLevel.Warning, "closing {Connection}: {Reason}")]
    public static partial void ProtocolViolation(ILogger logger, string connection, string reason);

    [LoggerMessage(5012, LogLevel.Debug, "{Connection} ended: {Reason}")]
    public static partial void ConnectionEnded(ILogger logger, string connection, string reason);

    [LoggerMessage(5020, LogLevel.Warning, "data plane service '{Service}' failed a request from {Peer}")]
    public static partial void HandlerFailed(ILogger logger, Exception error, string service, string peer);

    [LoggerMessage(5021, LogLevel.Warning, "a reply's release callback threw")]
    public static partial void ReleaseFailed(ILogger logger, Exception error);
}
