using ActorNet.Messaging;
using MessagePack;

namespace ActorNet.ControlPlane;

/// <summary>Asks a node's <see cref="ClusterStatus"/> actor for the members it sees; it answers a <see cref="ClusterStatusReply"/>.</summary>
/// <param name="Nonce">Unused by the node; a key so that the contract is not an empty object.</param>
[MessagePackObject]
public sealed record ClusterStatusRequest([property: Key(0)] int Nonce = 0) : IActorNetMessage;

/// <summary>The cluster as one node sees it.</summary>
/// <param name="Node">The answering node's address.</param>
/// <param name="Members">Every member it knows, ordered by address.</param>
/// <param name="Leader">The leader's address, or null while there is none (a node that has not joined).</param>
[MessagePackObject]
public sealed record ClusterStatusReply(
    [property: Key(0)] string Node,
    [property: Key(1)] MemberInfo[] Members,
    [property: Key(2)] string? Leader) : IActorNetMessage;
