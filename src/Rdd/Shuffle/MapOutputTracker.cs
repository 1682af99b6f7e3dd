namespace ActorNet.Rdd.Shuffle;

/// <summary>The driver's record of every shuffle's map outputs: which map partitions are done, and where.</summary>
internal sealed class MapOutputTracker
{
    // Per shuffle id: one slot per map partition, null while that output is missing.
    private readonly Dictionary<int, MapStatus?[]> _shuffles = [];

    // Bumped whenever an output is forgotten, so executors know their cached statuses are stale (Spark's epoch).
    private long _epoch;

    // On an executor: asks the driver for a shuffle's statuses this tracker does not hold; null on the driver.
    private readonly Func<int, MapStatus?[]>? _fetch;

    /// <summary>The driver's tracker, the one that records outputs.</summary>
    public MapOutputTracker()
    {
    }

    /// <summary>An executor's cache of the driver's statuses, filled by <paramref name="fetch"/> on first use of a shuffle.</summary>
    public MapOutputTracker(Func<int, MapStatus?[]> fetch) => _fetch = fetch;

    public long Epoch
    {
        get
        {
            lock (_shuffles) return _epoch;
        }
    }

    /// <summary>On an executor: drops every cached status when the driver has forgotten outputs since they were fetched.</summary>
    public void UpdateEpoch(long epoch)
    {
        lock (_shuffles)
        {
            if (epoch <= _epoch) return;
            _epoch = epoch;
            _shuffles.Clear();
        }
    }

    /// <summary>A copy of a shuffle's statuses (null entries for missing outputs); null when the shuffle is unknown.</summary>
    public MapStatus?[]? Snapshot(int shuffleId)
    {
        lock (_shuffles) return _shuffles.TryGetValue(shuffleId, out var outputs) ? (MapStatus?[])outputs.Clone() : null;
    }

    public void RegisterShuffle(int shuffleId, int numMaps)
    {
        lock (_shuffles) _shuffles.TryAdd(shuffleId, new MapStatus?[numMaps]);
    }

    public bool ContainsShuffle(int shuffleId)
    {
        lock (_shuffles) return _shuffles.ContainsKey(shuffleId);
    }

    public void RegisterMapOutput(int shuffleId, MapStatus status)
    {
        lock (_shuffles) _shuffles[shuffleId][status.MapId] = status;
    }

    public void UnregisterMapOutput(int shuffleId, int mapId)
    {
        lock (_shuffles)
            if (_shuffles.TryGetValue(shuffleId, out var outputs) && outputs[mapId] is not null)
            {
                outputs[mapId] = null;
                _epoch++;
            }
    }

    /// <summary>Forgets every output of a shuffle that lived on an executor (its files are gone).</summary>
    public void RemoveOutputsOnExecutor(int shuffleId, string executorId)
    {
        lock (_shuffles)
        {
            if (!_shuffles.TryGetValue(shuffleId, out var outputs)) return;
            for (var i = 0; i < outputs.Length; i++)
                if (outputs[i]?.ExecutorId == executorId)
                {
                    outputs[i] = null;
                    _epoch++;
                }
        }
    }

    /// <summary>Forgets every output, of every shuffle, that lived on a lost executor.</summary>
    public void RemoveOutputsOnExecutor(string executorId)
    {
        int[] ids;
        lock (_shuffles) ids = [.. _shuffles.Keys];
        foreach (var id in ids) RemoveOutputsOnExecutor(id, executorId);
    }

    public int NumAvailableOutputs(int shuffleId)
    {
        lock (_shuffles) return _shuffles.TryGetValue(shuffleId, out var o) ? o.Count(s => s is not null) : 0;
    }

    public IReadOnlyList<int> MissingMapIds(int shuffleId)
    {
        lock (_shuffles)
        {
            var outputs = _shuffles[shuffleId];
            return [.. Enumerable.Range(0, outputs.Length).Where(i => outputs[i] is null)];
        }
    }

    /// <summary>The statuses a reducer needs; throws <see cref="FetchFailedException"/> if one is missing.</summary>
    public MapStatus[] GetStatuses(int shuffleId, int reduceId)
    {
        if (_fetch is not null && !ContainsShuffle(shuffleId))
        {
            var fetched = _fetch(shuffleId);
            var missing = Array.IndexOf(fetched, null);
            if (missing >= 0)
                throw new FetchFailedException(shuffleId, missing, reduceId, null, $"Missing an output location for shuffle {shuffleId} map {missing}.");
            lock (_shuffles) _shuffles[shuffleId] = fetched;
        }
        lock (_shuffles)
        {
            if (!_shuffles.TryGetValue(shuffleId, out var outputs))
                throw new FetchFailedException(shuffleId, -1, reduceId, null, $"Shuffle {shuffleId} is not registered.");
            var result = new MapStatus[outputs.Length];
            for (var i = 0; i < outputs.Length; i++)
                result[i] = outputs[i] ?? throw new FetchFailedException(shuffleId, i, reduceId, null, $"Missing an output location for shuffle {shuffleId} map {i}.");
            return result;
        }
    }

    public void UnregisterShuffle(int shuffleId)
    {
        lock (_shuffles)
            if (_shuffles.Remove(shuffleId)) _epoch++;
    }
}
