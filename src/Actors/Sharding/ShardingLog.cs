using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Sharding;

/// <summary>Sharding's log messages (event ids 4100–4199).</summary>
internal static partial class ShardingLog
{
    [LoggerMessage(4100, LogLevel.Warning, "{TypeName}: region {Region} buffer is full ({Limit} messages); {MessageType} for shard {ShardId} goes to dead letters")]
    public static partial void BufferOverflow(ILogger logger, string typeName, string region, int limit, string messageType, string shardId);

    [LoggerMessage(4101, LogLevel.Warning, "{TypeName}: {MessageType} has no entity or shard id according to the extractor; it goes to dead letters")]
    public static partial void NotExtractable(ILogger logger, string typeName, string messageType);

    [LoggerMessage(4102, LogLevel.Information, "{TypeName}: region {Region} registered with the coordinator")]
    public static partial void RegionRegistered(ILogger logger, string typeName, string region);

    [LoggerMessage(4103, LogLevel.Information, "{TypeName}: region {Region} is gone; its {Count} shards are allocated again")]
    public static partial void RegionGone(ILogger logger, string typeName, string region, int count);

    [LoggerMessage(4104, LogLevel.Information, "{TypeName}: handing off shard {ShardId} from {Region}")]
    public static partial void StartingHandOff(ILogger logger, string typeName, string shardId, string region);

    [LoggerMessage(4105, LogLevel.Warning, "{TypeName}: handoff of shard {ShardId} from {Region} did not finish within {Timeout}; the shard stays there")]
    public static partial void HandOffTimedOut(ILogger logger, string typeName, string shardId, string region, TimeSpan timeout);

    [LoggerMessage(4106, LogLevel.Warning, "{TypeName}: shard {ShardId} stops its {Count} remaining entities forcibly after the handoff timeout {Timeout}")]
    public static partial void ForcedEntityStop(ILogger logger, string typeName, string shardId, int count, TimeSpan timeout);

    [LoggerMessage(4107, LogLevel.Information, "{TypeName}: region {Region} leaves; handing off its {Count} shards")]
    public static partial void RegionLeaving(ILogger logger, string typeName, string region, int count);

    [LoggerMessage(4108, LogLevel.Warning, "{TypeName}: proxy {Region} was asked to host shard {ShardId}; a proxy hosts nothing")]
    public static partial void ProxyAskedToHost(ILogger logger, string typeName, string region, string shardId);

    [LoggerMessage(4109, LogLevel.Warning, "{TypeName}: shard {ShardId} was handing off from {Region}, which is gone without reporting it stopped; it is allocated afresh (its entities' state is lost)")]
    public static partial void HandOffLost(ILogger logger, string typeName, string shardId, string region);
}
