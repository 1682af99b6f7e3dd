using ActorNet.DataPlane;
using MessagePack;

namespace ActorNet.Rdd.Cluster;

// What the RDD engine moves on the data plane. A request's header is one of these records (MessagePack); bodies are
// raw bytes.

/// <summary>What an executor asks a driver's data plane for (service <see cref="DataPlaneProtocol.DriverService"/>).</summary>
internal enum DriverBlockKind
{
    /// <summary>The serialized shared part of a stage attempt's tasks (<c>StageId</c>, <c>Attempt</c>).</summary>
    StageBinary,

    /// <summary>An application assembly's file (<c>Name</c> = its full name).</summary>
    Assembly,

    /// <summary>One chunk of a broadcast's serialized value (<c>Id</c> = broadcast id, <c>Index</c>).</summary>
    BroadcastChunk,

    /// <summary>A task end too large for an Akka message (<c>Id</c> = task id; the body is the serialized end).</summary>
    TaskEnd,

    /// <summary>
    /// A task end whose value is a float array (<c>Id</c> = task id, <c>End</c> = the rest of the end; the body is the
    /// floats, sent from the result array and kept by the driver as it arrived).
    /// </summary>
    TaskEndWithFloats,
}

/// <summary>The header of a request to a driver's data plane.</summary>
[MessagePackObject]
internal sealed record DriverBlockRequest(
    [property: Key(0)] string AppId,
    [property: Key(1)] DriverBlockKind Kind,
    [property: Key(2)] int StageId = 0,
    [property: Key(3)] int Attempt = 0,
    [property: Key(4)] long Id = 0,
    [property: Key(5)] int Index = 0,
    [property: Key(6)] string? Name = null,
    [property: Key(7)] byte[]? End = null,
    [property: Key(8)] Scheduling.TaskMetrics? Metrics = null);

/// <summary>The header of a request for one map output's segment to an executor node's data plane (service <see cref="DataPlaneProtocol.ShuffleService"/>).</summary>
[MessagePackObject]
internal sealed record SegmentRequest(
    [property: Key(0)] string AppId,
    [property: Key(1)] int ShuffleId,
    [property: Key(2)] int MapId,
    [property: Key(3)] int ReduceId);

/// <summary>Service names, header encoding, and a bytes request helper.</summary>
internal static class DataPlaneProtocol
{
    /// <summary>The driver's service: stage binaries, assemblies, broadcast chunks, large task ends.</summary>
    public const string DriverService = "rdd.driver";

    /// <summary>A worker node's service: shuffle segments of its executors' map outputs.</summary>
    public const string ShuffleService = "rdd.shuffle";

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithResolver(MessagePack.Resolvers.StandardResolverAllowPrivate.Instance)
            .WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Encode<T>(T header) => MessagePackSerializer.Serialize(header, Options);

    public static T Decode<T>(ReadOnlyMemory<byte> header) => MessagePackSerializer.Deserialize<T>(header, Options);

    /// <summary>Sends a request and returns the reply's bytes (a copy only when the reply is not one whole array).</summary>
    public static async Task<byte[]> FetchBytesAsync(DataPlaneNode node, DataPlaneAddress peer, string service, byte[] header, CancellationToken cancellationToken)
    {
        var reply = await node.RequestAsync(peer, service, header, cancellationToken: cancellationToken).ConfigureAwait(false);
        var bytes = reply.Body.Bytes;
        if (bytes.Array is null) return [];
        return bytes.Offset == 0 && bytes.Count == bytes.Array.Length ? bytes.Array : bytes.ToArray();
    }
}
