namespace ActorNet.Actors;

/// <summary>A child and how often it was restarted within the current time window.</summary>
internal sealed class ChildRestartStats(IInternalActorRef child)
{
    public IInternalActorRef Child { get; } = child;

    // Restarts counted in the current window.
    private int _restarts;
    // Timestamp (TimeProvider ticks) at which the current window opened.
    private long _windowStart;

    /// <summary>
    /// Akka's rule: at most <paramref name="maxNrOfRetries"/> restarts within <paramref name="window"/>
    /// (-1 = unlimited; a null window counts restarts forever).
    /// </summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? window, TimeProvider time)
    {
        if (maxNrOfRetries == 0) return false;
        if (window is null)
        {
            if (maxNrOfRetries < 0) return true;
            _restarts++;
            return _restarts <= maxNrOfRetries;
        }
        int limit = maxNrOfRetries < 0 ? 1 : maxNrOfRetries;
        long now = time.GetTimestamp();
        if (_restarts == 0 || time.GetElapsedTime(_windowStart, now) > window.Value)
        {
            _windowStart = now;
            _restarts = 1;
            return true;
        }
        _restarts++;
        return _restarts <= limit;
    }
}
