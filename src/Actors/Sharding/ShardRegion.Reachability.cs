namespace ActorNet.Actors.Sharding;

public sealed partial class ShardRegion
{
    // Nodes the cluster considers unreachable: messages for shards living there wait in the buffer.
    private readonly HashSet<Address> _unreachable = [];

    /// <summary>The cluster wiring's notices about other nodes (sent by <see cref="CoordinatorSingletonManager"/>).</summary>
    private void ReceiveNodeNotices()
    {
        Receive<NodeUnreachable>(n => _unreachable.Add(n.Node));
        Receive<NodeReachable>(n => OnNodeReachable(n.Node));
        Receive<NodeRemoved>(n => OnNodeRemoved(n.Node));
    }

    /// <summary>Whether messages to <paramref name="home"/> must wait because its node is unreachable.</summary>
    private bool IsHeldBack(IActorRef home) => _unreachable.Count > 0 && _unreachable.Contains(home.Path.Address);

    private void OnNodeReachable(Address node)
    {
        if (!_unreachable.Remove(node)) return;
        // Send what waited, in order, to the homes that are back.
        foreach (var shardId in _buffer.ShardIds.Where(s => _regionByShard.TryGetValue(s, out var home) && home.Path.Address.Equals(node)).ToArray())
            DeliverBuffered(shardId);
    }

    /// <summary>The node left the cluster for good: its regions are gone, as if death watch had told.</summary>
    private void OnNodeRemoved(Address node)
    {
        _unreachable.Remove(node);
        foreach (var region in _shardsByRegion.Keys.Where(r => r.Path.Address.Equals(node)).ToArray())
            OnOtherRegionGone(region);
    }

    /// <summary>Forgets the homes in <paramref name="region"/>, tells the coordinator, and asks for new homes of shards with waiting messages.</summary>
    private void OnOtherRegionGone(IActorRef region)
    {
        if (!_shardsByRegion.Remove(region, out var shards)) return;
        Context.Unwatch(region);
        foreach (var shardId in shards) _regionByShard.Remove(shardId);
        // Tell the coordinator before asking it for new homes, so it never answers with the dead region.
        _coordinator.Tell(new RemoveRegion(region));
        foreach (var shardId in shards.Where(_buffer.Has))
            if (_requested.Add(shardId)) _coordinator.Tell(new GetShardHome(shardId));
        EnsureRetrying();
    }

    /// <summary>The members of <paramref name="Node"/> are unreachable: hold messages for shards living there.</summary>
    internal sealed record NodeUnreachable(Address Node);

    /// <summary><paramref name="Node"/> is reachable again: send what was held.</summary>
    internal sealed record NodeReachable(Address Node);

    /// <summary><paramref name="Node"/> was removed from the cluster: its regions are gone.</summary>
    internal sealed record NodeRemoved(Address Node);
}
