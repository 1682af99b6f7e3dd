using ActorNet.DataPlane;

namespace ActorNet.Rdd;

public abstract partial class Rdd<T>
{
    // Spark's spark.rdd.limit.scaleUpFactor: how much Take widens its scan each round.
    private const int TakeScaleUpFactor = 4;

    /// <summary>Every element, in partition order.</summary>
    // A partition that is already an array (a cached block) is handed over as it is: Concat only reads it, and on a cluster
    // it goes to the driver straight from that array.
    public T[] Collect()
    {
        var parts = Context.RunJob(this, (_, items) => items as T[] ?? items.ToArray());
        var all = Concat(parts);
        // Float partitions from executors arrived in the data plane's pooled arrays: copied out, they go back, so the next
        // transfer lands in memory already mapped instead of 4 bytes of fresh memory (and GC work) per element.
        if (all is float[]) foreach (var part in parts) BlockBody.ReturnReceived((float[])(object)part);
        return all;
    }

    /// <summary>The number of elements.</summary>
    public long Count() => Context.RunJob(this, (_, items) => items.LongCount()).Sum();

    /// <summary>The first element; throws <see cref="InvalidOperationException"/> on an empty RDD.</summary>
    public T First()
    {
        var first = Take(1);
        return first.Length > 0 ? first[0] : throw new InvalidOperationException("empty collection");
    }

    /// <summary>
    /// The first <paramref name="n"/> elements: scans one partition, then more (up to four times as many
    /// as scanned so far, guided by how many elements were found) until enough are found.
    /// </summary>
    public T[] Take(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var num = n;
        var buffer = new List<T>();
        var total = NumPartitions;
        var scanned = 0;
        while (buffer.Count < num && scanned < total)
        {
            long toTry = 1;
            var left = num - buffer.Count;
            if (scanned > 0)
                toTry = buffer.Count == 0
                    ? (long)scanned * TakeScaleUpFactor
                    : Math.Min((long)Math.Ceiling(1.5 * left * scanned / buffer.Count), (long)scanned * TakeScaleUpFactor);
            var parts = Enumerable.Range(scanned, (int)Math.Min(toTry, total - scanned)).ToArray();
            foreach (var chunk in Context.RunJob(this, (_, items) => items.Take(left).ToArray(), parts))
                buffer.AddRange(chunk.Take(num - buffer.Count));
            scanned += parts.Length;
        }
        return [.. buffer];
    }

    /// <summary>
    /// Exactly <paramref name="num"/> random elements when the RDD has that many (Spark's takeSample): counts the
    /// RDD, samples it with a fraction that yields at least <paramref name="num"/> elements with probability
    /// 0.9999 (sampling again with the next seed when it falls short), shuffles the sample and takes
    /// <paramref name="num"/>. Without replacement and <paramref name="num"/> ≥ the count, the whole RDD comes back
    /// shuffled. The same seed over the same data gives the same answer.
    /// </summary>
    public T[] TakeSample(bool withReplacement, int num, long seed)
    {
        // Spark's bound: room for the sample's spread above num without overflowing an array size.
        const int MaxSampleSize = int.MaxValue - 463_409; // (int)(10 * Math.Sqrt(int.MaxValue))
        ArgumentOutOfRangeException.ThrowIfNegative(num);
        if (num > MaxSampleSize)
            throw new ArgumentOutOfRangeException(nameof(num), num, $"Cannot support a sample size > Int.MaxValue - 10 * sqrt(Int.MaxValue) = {MaxSampleSize}.");
        if (num == 0) return [];
        var count = Count();
        if (count == 0) return [];
        var rng = new XorShiftRandom(seed);
        if (!withReplacement && num >= count) return Sampling.ShuffleInPlace(Collect(), rng);
        var fraction = Sampling.FractionForSampleSize(num, count, withReplacement);
        var samples = Sample(withReplacement, fraction, rng.NextInt()).Collect();
        while (samples.Length < num) samples = Sample(withReplacement, fraction, rng.NextInt()).Collect();
        return Sampling.ShuffleInPlace(samples, rng)[..num];
    }

    /// <summary>TakeSample with a random seed.</summary>
    public T[] TakeSample(bool withReplacement, int num) => TakeSample(withReplacement, num, Random.Shared.NextInt64());

    /// <summary>The <paramref name="num"/> smallest elements in ascending order of <paramref name="comparer"/>.</summary>
    public T[] TakeOrdered(int num, IComparer<T>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(num);
        var cmp = comparer ?? Comparer<T>.Default;
        if (num == 0 || NumPartitions == 0) return [];
        var tops = Context.RunJob(this, (_, items) => items.Order(cmp).Take(num).ToArray());
        return [.. tops.SelectMany(t => t).Order(cmp).Take(num)];
    }

    /// <summary>The <paramref name="num"/> largest elements in descending order.</summary>
    public T[] Top(int num, IComparer<T>? comparer = null)
    {
        var cmp = comparer ?? Comparer<T>.Default;
        return TakeOrdered(num, new ReverseComparer<T>(cmp));
    }

    /// <summary>The largest element.</summary>
    public T Max(IComparer<T>? comparer = null)
    {
        var cmp = comparer ?? Comparer<T>.Default;
        return Reduce((a, b) => cmp.Compare(a, b) >= 0 ? a : b);
    }

    /// <summary>The smallest element.</summary>
    public T Min(IComparer<T>? comparer = null)
    {
        var cmp = comparer ?? Comparer<T>.Default;
        return Reduce((a, b) => cmp.Compare(a, b) <= 0 ? a : b);
    }

    /// <summary>Combines the elements with an associative, commutative function; throws on an empty RDD.</summary>
    public T Reduce(Func<T, T, T> f)
    {
        var partials = Context.RunJob(this, (_, items) =>
        {
            using var e = items.GetEnumerator();
            if (!e.MoveNext()) return (false, default(T)!);
            var acc = e.Current;
            while (e.MoveNext()) acc = f(acc, e.Current);
            return (true, acc);
        });
        var present = partials.Where(p => p.Item1).Select(p => p.Item2).ToArray();
        return present.Length > 0 ? present.Aggregate(f) : throw new InvalidOperationException("empty collection");
    }

    /// <summary>Folds each partition from a copy of <paramref name="zeroValue"/>, then folds the partials from another copy.</summary>
    public T Fold(T zeroValue, Func<T, T, T> op)
    {
        var partials = Context.RunJob(this, (ctx, items) => items.Aggregate(ZeroValue.Copy(zeroValue, ctx.Env.Serializer), op));
        return partials.Aggregate(ZeroValue.Copy(zeroValue, Context.Serializer), op);
    }

    /// <summary>Aggregates each partition with <paramref name="seqOp"/> from a copy of the zero, then merges with <paramref name="combOp"/>.</summary>
    public U Aggregate<U>(U zero, Func<U, T, U> seqOp, Func<U, U, U> combOp)
    {
        var partials = Context.RunJob(this, (ctx, items) => items.Aggregate(ZeroValue.Copy(zero, ctx.Env.Serializer), seqOp));
        return partials.Aggregate(ZeroValue.Copy(zero, Context.Serializer), combOp);
    }

    /// <summary>
    /// Like <see cref="Aggregate{U}"/> but merges the partials in a tree of the given depth through shuffles,
    /// so the driver receives few partials (Spark's treeAggregate: scale = max(⌈p^(1/depth)⌉, 2)).
    /// </summary>
    public U TreeAggregate<U>(U zero, Func<U, T, U> seqOp, Func<U, U, U> combOp, int depth = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        if (NumPartitions == 0) return ZeroValue.Copy(zero, Context.Serializer);
        var partial = MapPartitions(items => new[] { items.Aggregate(ZeroValue.Copy(zero), seqOp) });
        var numPartitions = partial.NumPartitions;
        var scale = Math.Max((int)Math.Ceiling(Math.Pow(numPartitions, 1.0 / depth)), 2);
        while (numPartitions > scale + (int)Math.Ceiling((double)numPartitions / scale))
        {
            numPartitions /= scale;
            var current = numPartitions;
            partial = partial.MapPartitionsWithIndex((i, items) => items.Select(x => (i % current, x)))
                .FoldByKey(zero, new HashPartitioner(current), combOp).Values();
        }
        return partial.Fold(zero, combOp);
    }

    /// <summary><see cref="TreeAggregate{U}"/> with the elements' own type and no zero; throws on an empty RDD.</summary>
    public T TreeReduce(Func<T, T, T> f, int depth = 2)
    {
        var result = MapPartitions(items =>
        {
            using var e = items.GetEnumerator();
            if (!e.MoveNext()) return Array.Empty<Option<T>>();
            var acc = e.Current;
            while (e.MoveNext()) acc = f(acc, e.Current);
            return [Option<T>.Some(acc)];
        }).TreeAggregate(Option<T>.None, (a, b) => Merge(a, b, f), (a, b) => Merge(a, b, f), depth);
        return result.HasValue ? result.Value : throw new InvalidOperationException("empty collection");
    }

    /// <summary>Runs <paramref name="f"/> on every element, on the executors.</summary>
    public void Foreach(Action<T> f) => Context.RunJob(this, (_, items) =>
    {
        foreach (var item in items) f(item);
        return true;
    });

    /// <summary>Runs <paramref name="f"/> on each partition's elements, on the executors.</summary>
    public void ForeachPartition(Action<IEnumerable<T>> f) => Context.RunJob(this, (_, items) =>
    {
        f(items);
        return true;
    });

    /// <summary>True when the RDD has no elements (scans partitions only until one element is found).</summary>
    public bool IsEmpty() => NumPartitions == 0 || Take(1).Length == 0;

    /// <summary>
    /// Writes each partition as a text file part-00000, part-00001, … (one element per line, by ToString)
    /// into the new folder <paramref name="path"/>, then an empty _SUCCESS file.
    /// </summary>
    public void SaveAsTextFile(string path) => SavePartFiles(path, (file, items, _) =>
    {
        using var writer = new StreamWriter(file, false, new System.Text.UTF8Encoding(false));
        foreach (var item in items)
        {
            writer.Write(item?.ToString() ?? "null");
            writer.Write('\n');
        }
    });

    /// <summary>
    /// Writes each partition's elements with the context's serializer into part-00000, part-00001, … in the new
    /// folder <paramref name="path"/>, then an empty _SUCCESS file (Spark's saveAsObjectFile); read them back
    /// with <see cref="ClusterContext.ObjectFile{T}"/> and the same element type.
    /// </summary>
    public void SaveAsObjectFile(string path) => SavePartFiles(path, (file, items, ctx) => Input.ObjectFiles.Write(file, items, ctx.Env.Serializer));

    // One file per partition, written under a name of its own attempt and renamed into place, so a retried or
    // speculative attempt never leaves a half-written part behind.
    private void SavePartFiles(string path, Action<string, IEnumerable<T>, TaskContext> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path) || File.Exists(path)) throw new IOException($"Output directory {path} already exists");
        var directory = Path.GetFullPath(path);
        Directory.CreateDirectory(directory);
        Context.RunJob(this, (ctx, items) =>
        {
            var file = Path.Combine(directory, $"part-{ctx.PartitionId:D5}");
            var tmp = Path.Combine(directory, $".part-{ctx.PartitionId:D5}.attempt-{ctx.TaskAttemptId}");
            write(tmp, items, ctx);
            File.Move(tmp, file, overwrite: true);
            return true;
        });
        File.WriteAllBytes(Path.Combine(directory, "_SUCCESS"), []);
    }

    /// <summary>The elements in order, running one job per partition as the caller reaches it.</summary>
    public IEnumerable<T> ToLocalIterator()
    {
        for (var p = 0; p < NumPartitions; p++)
            foreach (var item in Context.RunJob(this, (_, items) => items.ToArray(), [p])[0])
                yield return item;
    }

    private static Option<T> Merge(Option<T> a, Option<T> b, Func<T, T, T> f) =>
        !a.HasValue ? b : !b.HasValue ? a : Option<T>.Some(f(a.Value, b.Value));

    // The partitions' arrays joined with one block copy each (element-wise enumeration costs ~10x on 10M values).
    private static T[] Concat(T[][] parts)
    {
        // Every element is written below: no need to clear (for types without references the GC then skips it).
        var all = GC.AllocateUninitializedArray<T>(checked((int)parts.Sum(p => (long)p.Length)));
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }
        return all;
    }
}
