using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Remote;

/// <summary>Remoting's log messages (event ids 2000–2099).</summary>
internal static partial class RemoteLog
{
    [LoggerMessage(2000, LogLevel.Information, "remoting listening on {Address}")]
    public static partial void Listening(this ILogger logger, Address address);

    [LoggerMessage(2001, LogLevel.Information, "remoting on {Address} stopped")]
    public static partial void Stopped(this ILogger logger, Address address);

    [LoggerMessage(2002, LogLevel.Warning, "remoting on {Host} runs without actornet:remote:secret; any local process can connect")]
    public static partial void NoSecret(this ILogger logger, string host);

    [LoggerMessage(2003, LogLevel.Warning, "accept failed: {Reason}")]
    public static partial void AcceptFailed(this ILogger logger, string reason);

    [LoggerMessage(2010, LogLevel.Warning, "closing {Connection}: {Reason}")]
    public static partial void ProtocolViolation(this ILogger logger, Connection connection, string reason);

    [LoggerMessage(2011, LogLevel.Debug, "{Connection} ended: {Reason}")]
    public static partial void ConnectionEnded(this ILogger logger, Connection connection, string reason);

    [LoggerMessage(2012, LogLevel.Debug, "connecting to {Peer} failed: {Reason}")]
    public static partial void ConnectFailed(this ILogger logger, Address peer, string reason);

    [LoggerMessage(2013, LogLevel.Information, "connection to {Peer} lost{Action}")]
    public static partial void ConnectionLost(this ILogger logger, Address peer, string action);

    [LoggerMessage(2014, LogLevel.Warning, "node {Peer} is lost: {Reason}")]
    public static partial void NodeLost(this ILogger logger, Address peer, string reason);

    [LoggerMessage(2020, LogLevel.Warning, "message {MessageType} to {Recipient} dropped: {Reason}")]
    public static partial void MessageDropped(this ILogger logger, string messageType, string recipient, string reason);

    [LoggerMessage(2021, LogLevel.Error, "cannot serialize {MessageType} for {Recipient}; dropped")]
    public static partial void SerializationFailed(this ILogger logger, Exception error, string messageType, string recipient);

    [LoggerMessage(2022, LogLevel.Warning, "dropped a message for {Recipient} from {Connection}: {Reason}")]
    public static partial void DeserializationFailed(this ILogger logger, string recipient, Connection connection, string reason);

    [LoggerMessage(2023, LogLevel.Warning, "messages to {Peer} still queued at shutdown were dropped")]
    public static partial void DroppedAtShutdown(this ILogger logger, Address peer);

    [LoggerMessage(2030, LogLevel.Debug, "bulk transfer {TransferId} of {Bytes} bytes received")]
    public static partial void BulkReceived(this ILogger logger, ulong transferId, long bytes);
}
