using System.Buffers;
using System.Runtime.CompilerServices;
using ActorNet.Actors.ClusterRuntime.Proto;
using Google.Protobuf;

namespace ActorNet.Actors.ClusterRuntime;

/// <summary>
/// Serializes the cluster daemons' Protobuf messages (cluster.proto). The manifest is the message name;
/// only the names listed here are accepted, so a peer cannot make this node instantiate other types.
/// </summary>
internal sealed class ClusterMessageSerializer : ISerializer
{
    /// <summary>The wire identifier (runtime identifiers are below 100).</summary>
    public const int Id = 20;

    private static readonly Dictionary<string, MessageParser> s_parsers = new(StringComparer.Ordinal)
    {
        [nameof(GossipEnvelope)] = GossipEnvelope.Parser,
        [nameof(Join)] = Join.Parser,
        [nameof(Heartbeat)] = Heartbeat.Parser,
        [nameof(HeartbeatResponse)] = HeartbeatResponse.Parser,
        [nameof(GetClusterState)] = GetClusterState.Parser,
        [nameof(ClusterStateReply)] = ClusterStateReply.Parser,
    };

    // Systems the serializer is registered with, so registering twice is harmless.
    private static readonly ConditionalWeakTable<ActorSystem, ClusterMessageSerializer> s_registered = new();

    /// <summary>The message types this serializer handles.</summary>
    public static IReadOnlyList<Type> Types { get; } =
        [typeof(GossipEnvelope), typeof(Join), typeof(Heartbeat), typeof(HeartbeatResponse), typeof(GetClusterState), typeof(ClusterStateReply)];

    /// <summary>Registers the serializer with <paramref name="system"/> once.</summary>
    public static void EnsureRegistered(ActorSystem system) =>
        s_registered.GetValue(system, s =>
        {
            var serializer = new ClusterMessageSerializer();
            s.Serialization.Register(serializer, [.. Types]);
            return serializer;
        });

    public int Identifier => Id;

    public string Manifest(object value) => value.GetType().Name;

    public void Serialize(object value, IBufferWriter<byte> output)
    {
        if (value is not IMessage message || !s_parsers.ContainsKey(value.GetType().Name))
            throw new NotSupportedException($"{value.GetType().FullName} is not a cluster message");
        message.WriteTo(output);
    }

    public object Deserialize(ReadOnlySpan<byte> bytes, string manifest)
    {
        if (!s_parsers.TryGetValue(manifest, out var parser))
            throw new FormatException($"unknown cluster message '{manifest}'");
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new FormatException($"malformed cluster message {manifest}: {error.Message}", error);
        }
    }
}
