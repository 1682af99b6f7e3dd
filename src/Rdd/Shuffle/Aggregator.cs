namespace ActorNet.Rdd.Shuffle;

/// <summary>The three functions of CombineByKey: start a combiner, add a value, merge two combiners.</summary>
internal sealed record Aggregator<K, V, C>(Func<V, C> CreateCombiner, Func<C, V, C> MergeValue, Func<C, C, C> MergeCombiners);
