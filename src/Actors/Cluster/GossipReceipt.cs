namespace ActorNet.Actors;

/// <summary>What receiving a gossip did to the local snapshot.</summary>
/// <param name="Membership">The local snapshot after the gossip, marked as seen by the receiver.</param>
/// <param name="Ordering">How the remote version related to the local one (After: the remote was newer).</param>
/// <param name="ReplyWithOwn">Whether the sender should be sent the result (it lacks something the receiver has).</param>
internal sealed record GossipReceipt(Membership Membership, VersionOrdering Ordering, bool ReplyWithOwn);
