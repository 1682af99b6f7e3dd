using System.Collections.Concurrent;

namespace ActorNet.Actors.Sharding;

/// <summary>Vector lengths this client has seen, so that <see cref="PullAsync"/> can ask every slice at once.</summary>
public sealed partial class ShardedVectorStore
{
    // Length by key, from this client's initializations, successful pushes and pulls; a hint only: every pulled
    // slice is still checked against it, and a mismatch (the key initialized again elsewhere) falls back to asking.
    private readonly ConcurrentDictionary<string, int> _knownLengths = new(StringComparer.Ordinal);

    /// <summary>
    /// Pulls <paramref name="key"/> with all its slices asked at once when its length is known here; null when it is
    /// not, or when the slices say it changed (then the caller asks slice 0 for the length first).
    /// </summary>
    private async Task<float[]?> PullKnownLengthAsync(string key, CancellationToken cancellationToken)
    {
        if (!_knownLengths.TryGetValue(key, out int length)) return null;
        var result = FloatArrays.Uninitialized(length); // every slice is copied in (or the pull fails)
        try
        {
            await Task.WhenAll(Slices(length).Select(async s =>
                Place(key, result, s, await AskSlice<SliceValue>(new PullSlice(key, s.Index), idempotent: true, cancellationToken).ConfigureAwait(false))))
                .ConfigureAwait(false);
            return result;
        }
        catch (Exception error) when (error is InvalidOperationException or KeyNotFoundException)
        {
            // Initialized again with another length (or removed): forget the hint and ask as if it were new.
            _knownLengths.TryRemove(key, out _);
            return null;
        }
    }
}
