using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// A vector clock over cluster nodes: each node counts the membership changes it made. Comparing two
/// vectors tells whether one snapshot descends from the other or whether they diverged.
/// </summary>
internal sealed class VersionVector : IEquatable<VersionVector>
{
    public static readonly VersionVector Empty = new(ImmutableSortedDictionary<UniqueAddress, long>.Empty);

    private VersionVector(ImmutableSortedDictionary<UniqueAddress, long> versions) => Versions = versions;

    /// <summary>A vector with the given counters (as another node sent them).</summary>
    public static VersionVector From(IEnumerable<KeyValuePair<UniqueAddress, long>> counters) =>
        new(counters.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>The counter of every node that has made a change.</summary>
    public ImmutableSortedDictionary<UniqueAddress, long> Versions { get; }

    public long this[UniqueAddress node] => Versions.GetValueOrDefault(node);

    public VersionVector Increment(UniqueAddress node) => new(Versions.SetItem(node, this[node] + 1));

    /// <summary>The pointwise maximum: a version that has seen the changes of both.</summary>
    public VersionVector Merge(VersionVector other)
    {
        var merged = Versions;
        foreach (var (node, version) in other.Versions)
        {
            if (version > merged.GetValueOrDefault(node))
                merged = merged.SetItem(node, version);
        }
        return new VersionVector(merged);
    }

    /// <summary>Drops a removed node's counter so the vector does not grow forever.</summary>
    public VersionVector Prune(UniqueAddress node) => Versions.ContainsKey(node) ? new(Versions.Remove(node)) : this;

    public VersionOrdering Compare(VersionVector other)
    {
        bool anyLess = false, anyGreater = false;
        foreach (var node in Versions.Keys.Union(other.Versions.Keys))
        {
            long mine = this[node], theirs = other[node];
            anyLess |= mine < theirs;
            anyGreater |= mine > theirs;
        }
        return (anyLess, anyGreater) switch
        {
            (false, false) => VersionOrdering.Same,
            (true, false) => VersionOrdering.Before,
            (false, true) => VersionOrdering.After,
            _ => VersionOrdering.Concurrent,
        };
    }

    public bool Equals(VersionVector? other) => other is not null && Compare(other) == VersionOrdering.Same;

    public override bool Equals(object? obj) => obj is VersionVector other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (node, version) in Versions)
        {
            if (version == 0)
                continue;
            hash.Add(node);
            hash.Add(version);
        }
        return hash.ToHashCode();
    }

    public override string ToString() =>
        "VersionVector(" + string.Join(", ", Versions.Select(kv => $"{kv.Key.Address.Host}:{kv.Key.Address.Port} -> {kv.Value}")) + ")";
}
