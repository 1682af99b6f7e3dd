namespace ActorNet.Actors;

/// <summary>
/// An actor addressed by path rather than by reference (Akka's ActorSelection). Messages told to a
/// selection go to whatever actor lives at the path when they are sent.
/// </summary>
public sealed class ActorSelection
{
    // The system the selection was made in.
    private readonly ActorSystem _system;

    internal ActorSelection(ActorSystem system, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _system = system;
        Path = path.StartsWith('/') ? new ActorPath(system.Address, path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            : path.Contains("://", StringComparison.Ordinal) ? ActorPath.Parse(path)
            : throw new FormatException($"actor selection '{path}' must start with '/' or '{LocalAddress.Protocol}[.tcp]://'");
    }

    /// <summary>The selected path.</summary>
    public ActorPath Path { get; }

    /// <summary>Sends a message to the actor at the path now (dead letters when there is none).</summary>
    public void Tell(object message, IActorRef? sender = null) => _system.ResolvePath(Path).Tell(message, sender);

    /// <summary>The reference of the actor at the path.</summary>
    /// <exception cref="ActorNotFoundException">No actor lives at the path, or it did not answer within <paramref name="timeout"/>.</exception>
    public Task<IActorRef> ResolveOne(TimeSpan timeout) => ResolveOne(timeout, CancellationToken.None);

    /// <summary>The reference of the actor at the path, with cancellation.</summary>
    /// <exception cref="ActorNotFoundException">No actor lives at the path, or it did not answer within <paramref name="timeout"/>.</exception>
    public async Task<IActorRef> ResolveOne(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_system.IsLocalAddress(Path.Address))
        {
            var local = _system.FindLocal(Path.Elements);
            return local is null || local is LocalActorRef { IsTerminated: true }
                ? throw new ActorNotFoundException($"no actor at {Path}")
                : local;
        }
        ActorIdentity identity;
        try
        {
            identity = await _system.ResolvePath(Path).Ask<ActorIdentity>(new Identify(Path.ToString()), timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException error)
        {
            throw new ActorNotFoundException($"no actor at {Path} answered within {timeout}: {error.Message}");
        }
        return identity.Subject ?? throw new ActorNotFoundException($"no actor at {Path}");
    }

    /// <inheritdoc />
    public override string ToString() => $"ActorSelection[{Path}]";
}
