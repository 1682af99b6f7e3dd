using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Rdds;

/// <summary>
/// The numbers start, start+step, … before end, sliced as Parallelize slices (Spark's <c>range</c>),
/// generated inside each task instead of shipped.
/// </summary>
[Serializable]
internal sealed class RangeRdd : Rdd<long>
{
    private readonly long _start, _step, _count;
    private readonly int _numSlices;

    public RangeRdd(ClusterContext context, long start, long end, long step, int numSlices) : base(context)
    {
        if (step == 0) throw new ArgumentOutOfRangeException(nameof(step), "Range step must not be 0.");
        if (numSlices < 1) throw new ArgumentOutOfRangeException(nameof(numSlices), numSlices, "Range needs at least one slice.");
        _start = start;
        _step = step;
        var span = (Int128)end - start;
        _count = (step > 0 && span > 0) || (step < 0 && span < 0) ? (long)((span + step - Math.Sign(step)) / step) : 0;
        _numSlices = numSlices;
    }

    internal override Partition[] GetPartitions() =>
        [.. Enumerable.Range(0, _numSlices).Select(i => new ParallelCollectionRdd<long>.SlicePartition(i,
            ParallelCollectionRdd<long>.SliceStart(i, _count, _numSlices), ParallelCollectionRdd<long>.SliceStart(i + 1, _count, _numSlices)))];

    internal override IReadOnlyList<Dependency> GetDependencies() => [];

    internal override IEnumerable<long> Compute(Partition split, TaskContext context)
    {
        var s = (ParallelCollectionRdd<long>.SlicePartition)split;
        for (var i = s.Start; i < s.End; i++) yield return _start + i * _step;
    }
}
