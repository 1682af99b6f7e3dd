namespace ActorNet.Actors;

/// <summary>
/// Keeps the last snapshot published to subscribers and turns each new snapshot into the events
/// between the two, so every subscriber sees one consistent sequence. A new subscriber first gets
/// <see cref="CurrentState"/>, then the events that follow.
/// </summary>
internal sealed class ClusterEventFeed
{
    private readonly UniqueAddress _self;

    public ClusterEventFeed(UniqueAddress self) => _self = self;

    /// <summary>The last snapshot published.</summary>
    public Membership Published { get; private set; } = Membership.Empty;

    public CurrentClusterState CurrentState => CurrentClusterState.From(Published, _self);

    /// <summary>Records <paramref name="next"/> as published and returns the events since the previous one.</summary>
    public IReadOnlyList<ClusterEvent> Publish(Membership next)
    {
        var events = MembershipDiff.Between(Published, next, _self);
        Published = next;
        return events;
    }
}
