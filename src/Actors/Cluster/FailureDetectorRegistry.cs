using System.Collections.Concurrent;

namespace ActorNet.Actors;

/// <summary>
/// One failure detector per monitored resource (a member's address), created on its first heartbeat,
/// as Akka's DefaultFailureDetectorRegistry. A resource never heard from counts as available.
/// </summary>
internal sealed class FailureDetectorRegistry<TResource> where TResource : notnull
{
    private readonly Func<IFailureDetector> _create;
    private readonly ConcurrentDictionary<TResource, IFailureDetector> _detectors = new();

    public FailureDetectorRegistry(Func<IFailureDetector> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
    }

    public IEnumerable<TResource> Monitored => _detectors.Keys;

    public bool IsAvailable(TResource resource) =>
        !_detectors.TryGetValue(resource, out var detector) || detector.IsAvailable;

    public bool IsMonitoring(TResource resource) =>
        _detectors.TryGetValue(resource, out var detector) && detector.IsMonitoring;

    public void Heartbeat(TResource resource) => _detectors.GetOrAdd(resource, _ => _create()).Heartbeat();

    /// <summary>Stops monitoring; a later heartbeat starts a fresh history.</summary>
    public void Remove(TResource resource) => _detectors.TryRemove(resource, out _);

    public void Reset() => _detectors.Clear();

    internal IFailureDetector? Detector(TResource resource) => _detectors.GetValueOrDefault(resource);
}
