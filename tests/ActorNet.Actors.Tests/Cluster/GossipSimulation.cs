namespace ActorNet.Actors.Tests.ClusterModel;

/// <summary>
/// Several nodes, each holding its own snapshot, exchanging gossip by direct calls: what the runtime will
/// do over the network, without it.
/// </summary>
internal sealed class GossipSimulation
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Dictionary<UniqueAddress, Membership> States { get; } = new();

    public Membership this[UniqueAddress node]
    {
        get => States[node];
        set => States[node] = value;
    }

    /// <summary>The first node forms the cluster by joining itself.</summary>
    public void Form(UniqueAddress first, params string[] roles) =>
        States[first] = Membership.Empty.Join(first, roles, first);

    /// <summary><paramref name="node"/> joins through <paramref name="contact"/>, which adds it and gossips back.</summary>
    public void Join(UniqueAddress node, UniqueAddress contact, params string[] roles)
    {
        States[contact] = States[contact].Join(node, roles, contact);
        States[node] = States[contact];
    }

    public GossipReceipt Gossip(UniqueAddress from, UniqueAddress to)
    {
        var receipt = GossipMerge.Receive(States[to], States[from], to);
        States[to] = receipt.Membership;
        return receipt;
    }

    /// <summary>Every node gossips to every other node it can reach, both ways, a few rounds.</summary>
    public void Spread(IReadOnlyCollection<UniqueAddress>? among = null, int rounds = 3)
    {
        var nodes = (among ?? States.Keys).ToList();
        for (int round = 0; round < rounds; round++)
            foreach (var from in nodes)
                foreach (var to in nodes.Where(n => !n.Equals(from)))
                    Gossip(from, to);
    }

    /// <summary>Runs leader actions on whichever of <paramref name="among"/> considers itself leader.</summary>
    public void LeaderActs(IReadOnlyCollection<UniqueAddress>? among = null)
    {
        foreach (var node in (among ?? States.Keys).ToList())
            States[node] = LeaderActions.OnConvergence(States[node], node, Now);
    }

    /// <summary>Leader actions and gossip until nothing changes any more.</summary>
    public void Settle(IReadOnlyCollection<UniqueAddress>? among = null)
    {
        for (int i = 0; i < 10; i++)
        {
            var before = States.ToDictionary(kv => kv.Key, kv => kv.Value.Version);
            Spread(among);
            LeaderActs(among);
            Spread(among);
            if (States.All(kv => before.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value.Version)))
                return;
        }
    }
}
