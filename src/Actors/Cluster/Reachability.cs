using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// The immutable table of observer → subject reachability that travels with the membership, as Akka's
/// Reachability: each observer owns its rows and a counter, so merging two tables keeps, per observer,
/// the rows of whichever table has that observer's higher counter. A subject is unreachable when any
/// observer says so. An observer whose rows all became reachable again drops them.
/// </summary>
internal sealed class Reachability
{
    private static readonly ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord> NoRows =
        ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord>.Empty;

    public static readonly Reachability Empty = new(
        ImmutableSortedDictionary<UniqueAddress, ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord>>.Empty,
        ImmutableSortedDictionary<UniqueAddress, long>.Empty);

    // Rows per observer, keyed by subject.
    private readonly ImmutableSortedDictionary<UniqueAddress, ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord>> _rows;

    // Change counter per observer; it survives the observer's rows being pruned.
    private readonly ImmutableSortedDictionary<UniqueAddress, long> _versions;

    private Reachability(
        ImmutableSortedDictionary<UniqueAddress, ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord>> rows,
        ImmutableSortedDictionary<UniqueAddress, long> versions)
    {
        _rows = rows;
        _versions = versions;
    }

    /// <summary>Rebuilds a table from its records and observer counters (as another node sent them).</summary>
    public static Reachability FromRecords(IEnumerable<ReachabilityRecord> records, IEnumerable<KeyValuePair<UniqueAddress, long>> versions)
    {
        var rows = Empty._rows;
        foreach (var record in records)
        {
            var observerRows = rows.TryGetValue(record.Observer, out var existing) ? existing : NoRows;
            rows = rows.SetItem(record.Observer, observerRows.SetItem(record.Subject, record));
        }
        var counters = Empty._versions;
        foreach (var (observer, version) in versions)
            counters = counters.SetItem(observer, version);
        return new Reachability(rows, counters);
    }

    public IEnumerable<ReachabilityRecord> Records => _rows.Values.SelectMany(r => r.Values);

    public IReadOnlyDictionary<UniqueAddress, long> Versions => _versions;

    public bool IsAllReachable => _rows.IsEmpty;

    public Reachability Unreachable(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Unreachable);

    public Reachability Reachable(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Reachable);

    public Reachability Terminated(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Terminated);

    private Reachability Change(UniqueAddress observer, UniqueAddress subject, ReachabilityStatus status)
    {
        long version = _versions.GetValueOrDefault(observer) + 1;
        var versions = _versions.SetItem(observer, version);
        var record = new ReachabilityRecord(observer, subject, status, version);
        if (!_rows.TryGetValue(observer, out var rows))
            return status == ReachabilityStatus.Reachable ? this : new Reachability(_rows.Add(observer, NoRows.Add(subject, record)), versions);

        if (rows.TryGetValue(subject, out var old) && (old.Status == ReachabilityStatus.Terminated || old.Status == status))
            return this;
        bool othersReachable = rows.Values.All(r => r.Subject.Equals(subject) || r.Status == ReachabilityStatus.Reachable);
        if (status == ReachabilityStatus.Reachable && othersReachable)
            return new Reachability(_rows.Remove(observer), versions);
        return new Reachability(_rows.SetItem(observer, rows.SetItem(subject, record)), versions);
    }

    /// <summary>
    /// Combines two tables: for each allowed observer, the rows of the table with its higher counter,
    /// keeping only rows about allowed subjects.
    /// </summary>
    public Reachability Merge(IReadOnlySet<UniqueAddress> allowed, Reachability other)
    {
        var rows = _rows.Clear();
        var versions = _versions;
        foreach (var observer in allowed)
        {
            long mine = _versions.GetValueOrDefault(observer), theirs = other._versions.GetValueOrDefault(observer);
            _rows.TryGetValue(observer, out var myRows);
            other._rows.TryGetValue(observer, out var theirRows);
            var chosen = (myRows, theirRows) switch
            {
                (not null, not null) => mine > theirs ? myRows : theirRows,
                (not null, null) => mine > theirs ? myRows : null,
                (null, not null) => theirs > mine ? theirRows : null,
                _ => null,
            };
            if (chosen is not null)
            {
                var kept = chosen.Where(kv => allowed.Contains(kv.Key)).ToImmutableSortedDictionary();
                if (!kept.IsEmpty)
                    rows = rows.Add(observer, kept);
            }
            if (theirs > mine)
                versions = versions.SetItem(observer, theirs);
        }
        versions = versions.RemoveRange(versions.Keys.Where(k => !allowed.Contains(k)).ToList());
        return new Reachability(rows, versions);
    }

    /// <summary>Forgets removed nodes, both as observers and as subjects.</summary>
    public Reachability Remove(IEnumerable<UniqueAddress> nodes)
    {
        var gone = nodes.ToHashSet();
        if (gone.Count == 0)
            return this;
        var rows = _rows.RemoveRange(gone);
        foreach (var (observer, observerRows) in rows)
        {
            var kept = observerRows.RemoveRange(gone);
            rows = kept.IsEmpty ? rows.Remove(observer) : rows.SetItem(observer, kept);
        }
        return new Reachability(rows, _versions.RemoveRange(gone));
    }

    /// <summary>Ignores what the given observers reported (Akka does this for downed observers).</summary>
    public Reachability RemoveObservers(IEnumerable<UniqueAddress> observers)
    {
        var gone = observers.ToList();
        return gone.Count == 0 ? this : new Reachability(_rows.RemoveRange(gone), _versions.RemoveRange(gone));
    }

    public ReachabilityStatus Status(UniqueAddress observer, UniqueAddress subject) =>
        _rows.TryGetValue(observer, out var rows) && rows.TryGetValue(subject, out var record)
            ? record.Status
            : ReachabilityStatus.Reachable;

    /// <summary>Terminated if any observer says so, else Unreachable if any does, else Reachable.</summary>
    public ReachabilityStatus Status(UniqueAddress subject)
    {
        var result = ReachabilityStatus.Reachable;
        foreach (var rows in _rows.Values)
        {
            if (!rows.TryGetValue(subject, out var record))
                continue;
            if (record.Status == ReachabilityStatus.Terminated)
                return ReachabilityStatus.Terminated;
            if (record.Status == ReachabilityStatus.Unreachable)
                result = ReachabilityStatus.Unreachable;
        }
        return result;
    }

    public bool IsReachable(UniqueAddress subject) => Status(subject) == ReachabilityStatus.Reachable;

    public bool IsReachable(UniqueAddress observer, UniqueAddress subject) =>
        Status(observer, subject) == ReachabilityStatus.Reachable;

    /// <summary>Subjects that some observer holds Unreachable (not counting Terminated).</summary>
    public ImmutableSortedSet<UniqueAddress> AllUnreachable =>
        Records.Where(r => r.Status == ReachabilityStatus.Unreachable).Select(r => r.Subject).ToImmutableSortedSet();

    /// <summary>Subjects that some observer holds Unreachable or Terminated.</summary>
    public ImmutableSortedSet<UniqueAddress> AllUnreachableOrTerminated =>
        Records.Where(r => r.Status != ReachabilityStatus.Reachable).Select(r => r.Subject).ToImmutableSortedSet();

    /// <summary>Subjects the given observer holds Unreachable.</summary>
    public ImmutableSortedSet<UniqueAddress> AllUnreachableFrom(UniqueAddress observer) =>
        _rows.TryGetValue(observer, out var rows)
            ? rows.Values.Where(r => r.Status == ReachabilityStatus.Unreachable).Select(r => r.Subject).ToImmutableSortedSet()
            : ImmutableSortedSet<UniqueAddress>.Empty;

    /// <summary>For each unreachable subject, the observers that hold it so.</summary>
    public ImmutableSortedDictionary<UniqueAddress, ImmutableSortedSet<UniqueAddress>> ObserversGroupedByUnreachable =>
        Records.Where(r => r.Status == ReachabilityStatus.Unreachable)
            .GroupBy(r => r.Subject)
            .ToImmutableSortedDictionary(g => g.Key, g => g.Select(r => r.Observer).ToImmutableSortedSet());

    public override string ToString() =>
        IsAllReachable ? "Reachability(all reachable)" : "Reachability(" + string.Join(", ", Records.Select(r => $"{r.Observer} -> {r.Subject}: {r.Status} [{r.Version}]")) + ")";
}
