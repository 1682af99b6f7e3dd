namespace ActorNet.Rdd.Shuffle;

/// <summary>The driver's record of every shuffle's map outputs: which map partitions are done, and where.</summary>
internal sealed class MapOutputTracker
{
    // Per shuffle id: one slot per map partition, null while that output is missing.
    private readonly Dictionary<int, MapStatus?[]> _shuffles = [];

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
            if (_shuffles.TryGetValue(shuffleId, out var outputs)) outputs[mapId] = null;
    }

    /// <summary>Forgets every output of a shuffle that lived on an executor (its files are gone).</summary>
    public void RemoveOutputsOnExecutor(int shuffleId, string executorId)
    {
        lock (_shuffles)
        {
            if (!_shuffles.TryGetValue(shuffleId, out var outputs)) return;
            for (var i = 0; i < outputs.Length; i++)
                if (outputs[i]?.ExecutorId == executorId) outputs[i] = null;
        }
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
        lock (_shuffles) _shuffles.Remove(shuffleId);
    }
}
