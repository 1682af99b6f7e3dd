using ActorNet.Actors.Dispatch;
using ActorNet.Actors.Remote;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorNet.Actors;

/// <summary>
/// A hierarchy of actors sharing configuration, a scheduler, an event stream and (when
/// <c>actornet:remote:port</c> is set) a remoting endpoint. Top-level actors are created with
/// <see cref="ActorOf"/> under <c>/user</c>.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    // The root guardian ("/").
    private readonly LocalActorRef _root;
    // The parent of user-created top-level actors ("/user").
    private readonly LocalActorRef _userGuardian;
    // The parent of the runtime's own actors ("/system").
    private readonly LocalActorRef _systemGuardian;
    // Completed once the root guardian stopped and remoting shut down.
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ActorSystem(string name, IConfiguration config, ActorSystemOptions options)
    {
        Name = name;
        Configuration = config;
        Settings = ActorSystemSettings.FromConfiguration(config);
        TimeProvider = options.TimeProvider;
        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        Log = LoggerFactory.CreateLogger("ActorNet.Actors");
        Scheduler = new TimeProviderScheduler(TimeProvider);
        EventStream = new EventStream();
        CoordinatedShutdown = new CoordinatedShutdown(this);
        Serialization = new SerializerRegistry(this);

        if (Settings.Remote is { } remoteSettings)
        {
            Remote = new RemoteTransport(this, remoteSettings);
            Address = Remote.Bind();
        }
        else
        {
            Address = LocalAddress.For(name);
        }

        var rootPath = new ActorPath(Address, []);
        DeadLetterRef = new DeadLetterActorRef(this, rootPath.Child("deadLetters"));
        Temp = new TempContainer(rootPath.Child("temp"));
        _root = new LocalActorRef(this, rootPath, Props.Create(() => new RootGuardian()), new RootParentRef(this, rootPath.Child("_")), NewMailbox());
        _root.Start();
        _userGuardian = (LocalActorRef)_root.Cell.ActorOf(Props.Create(() => new GuardianActor()), "user");
        _systemGuardian = (LocalActorRef)_root.Cell.ActorOf(Props.Create(() => new GuardianActor()), "system");
        _root.Tell(new RootGuardian.Guardians(_userGuardian, _systemGuardian), ActorRefs.NoSender);
        Remote?.Start();
    }

    /// <summary>Creates and starts an actor system.</summary>
    /// <param name="name">The system's name (letters, digits, '-' and '_'); part of every actor path.</param>
    /// <param name="config">Configuration (keys such as <c>actornet:actor:throughput</c>); null for the defaults.</param>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="FormatException">A configuration value is malformed (the message names the key).</exception>
    public static ActorSystem Create(string name, IConfiguration? config = null) => Create(name, config, null);

    /// <summary>Creates and starts an actor system with explicit services (clock, logging).</summary>
    public static ActorSystem Create(string name, IConfiguration? config, ActorSystemOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"actor system name '{name}' may contain only letters, digits, '-' and '_'", nameof(name));
        return new ActorSystem(name, config ?? new ConfigurationBuilder().Build(), options ?? new ActorSystemOptions());
    }

    /// <summary>The system's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The system's address: <c>actornet.tcp://name@host:port</c> with the bound port when remoting is on,
    /// otherwise a local-only address (protocol <c>actornet</c>; actor paths print it as <c>actornet://name</c>).
    /// </summary>
    public Address Address { get; }

    /// <summary>The configuration the system was created with.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The runtime settings read from <see cref="Configuration"/>.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>The clock used by timers, the scheduler and ask timeouts.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The logger factory the runtime logs through.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Schedules messages on <see cref="TimeProvider"/>.</summary>
    public IScheduler Scheduler { get; }

    /// <summary>System-wide publish/subscribe (dead letters, unhandled messages).</summary>
    public EventStream EventStream { get; }

    /// <summary>The serializers used for messages that cross the wire.</summary>
    public SerializerRegistry Serialization { get; }

    /// <summary>The phased shutdown of this system.</summary>
    public CoordinatedShutdown CoordinatedShutdown { get; }

    /// <summary>The reference that collects undeliverable messages.</summary>
    public IActorRef DeadLetters => DeadLetterRef;

    /// <summary>Messages that could not be delivered since the system started.</summary>
    public long DeadLetterCount => DeadLetterRef.Count;

    /// <summary>Completes once the system has terminated (all actors stopped, remoting closed).</summary>
    public Task WhenTerminated => _terminated.Task;

    internal ILogger Log { get; }
    internal DeadLetterActorRef DeadLetterRef { get; }
    internal TempContainer Temp { get; }
    internal RemoteTransport? Remote { get; }
    internal LocalActorRef RootRef => _root;
    internal LocalActorRef SystemGuardian => _systemGuardian;

    internal Mailbox NewMailbox() => new(Settings.Throughput, Settings.MailboxCapacity);

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    /// <param name="props">How to create the actor.</param>
    /// <param name="name">A unique name among the top-level actors, or null for a generated one.</param>
    /// <exception cref="InvalidActorNameException">The name is malformed or taken.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.Cell.ActorOf(props, name);

    /// <summary>Creates an actor under <c>/system</c> (for runtime services such as cluster daemons).</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.Cell.ActorOf(props, name);

    /// <summary>Stops an actor (asynchronously, after its current message).</summary>
    public void Stop(IActorRef actor)
    {
        if (actor is LocalActorRef local && local.Cell.InternalParent is LocalActorRef parent)
            parent.Cell.Stop(actor); // let the parent track the stop, as Context.Stop would
        else if (actor is IInternalActorRef target)
            target.SendSystemMessage(new Terminate());
    }

    /// <summary>
    /// A selection of the actor at <paramref name="path"/>: <c>/user/a/b</c> in this system, or a full
    /// address <c>actornet.tcp://sys@host:port/user/a</c> (local or remote).
    /// </summary>
    public ActorSelection ActorSelection(string path) => new(this, path);

    /// <summary>Runs coordinated shutdown (which stops every actor, then remoting) and returns when the system has terminated.</summary>
    public Task Terminate() => CoordinatedShutdown.Run(ShutdownReason.ActorSystemTerminate);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    /// <summary>The last shutdown phase: stops the actor tree and waits for it.</summary>
    internal Task StopActorTree()
    {
        _root.Tell(new RootGuardian.StopAll(), ActorRefs.NoSender);
        return WhenTerminated;
    }

    internal async void OnRootTerminated()
    {
        try
        {
            if (Remote is not null) await Remote.StopAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Log.LogWarning(error, "remoting did not shut down cleanly");
        }
        finally
        {
            _terminated.TrySetResult();
        }
    }

    /// <summary>The reference for a path: a local actor (or dead letters when none lives there), or a remote reference.</summary>
    internal IActorRef ResolvePath(ActorPath path)
    {
        if (IsLocalAddress(path.Address)) return FindLocal(path.Elements) ?? DeadLetterRef;
        if (Remote is null) throw new InvalidOperationException($"cannot reach {path}: remoting is off (set actornet:remote:port)");
        return Remote.RefFor(path);
    }

    internal bool IsLocalAddress(Address address) =>
        address.Equals(Address) || (LocalAddress.IsLocalOnly(address) && address.System == Name);

    /// <summary>Walks the actor tree from the root; null when nothing lives at the path.</summary>
    internal IActorRef? FindLocal(IReadOnlyList<string> elements)
    {
        if (elements.Count == 0) return _root;
        if (elements[0] == "temp") return elements.Count == 2 ? Temp.Find(elements[1]) : null;
        if (elements[0] == "deadLetters") return elements.Count == 1 ? DeadLetterRef : null;
        IInternalActorRef current = _root;
        foreach (var element in elements)
        {
            if (current is not LocalActorRef local) return null;
            var child = local.Cell.GetChild(element);
            if (child is null) return null;
            current = child;
        }
        return current;
    }

    /// <inheritdoc />
    public override string ToString() => Address.ToString();
}
