using System.Collections.Concurrent;
using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

internal sealed partial class ActorCell
{
    // Live children by name; written from other threads too (system.ActorOf creates /user children).
    private readonly ConcurrentDictionary<string, ChildRestartStats> _children = new(StringComparer.Ordinal);
    // Children this actor asked to stop and whose ChildTerminated has not arrived yet.
    private readonly HashSet<IActorRef> _stoppingChildren = [];
    // Counter for generated child names ($a, $b, ...).
    private long _nextChildId;
    // Set (before children are snapshotted) once the actor started terminating; blocks new children.
    private volatile bool _refusingChildren;

    public IEnumerable<IActorRef> Children => _children.Values.Select(s => (IActorRef)s.Child).ToArray();

    internal IReadOnlyCollection<ChildRestartStats> ChildStats => _children.Values.ToArray();

    public IActorRef Child(string name) => _children.TryGetValue(name, out var stats) ? stats.Child : ActorRefs.Nobody;

    internal IInternalActorRef? GetChild(string name) => _children.TryGetValue(name, out var stats) ? stats.Child : null;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        name = name is null ? GenerateName() : ValidateName(name);
        var path = _self.Path.Child(name);
        var mailbox = new Mailbox(System.Settings.Throughput, System.Settings.MailboxCapacity);
        var child = new LocalActorRef(System, path, props, this._self, mailbox);
        if (!_children.TryAdd(name, new ChildRestartStats(child)))
            throw new InvalidActorNameException($"actor name '{name}' is not unique under {_self.Path}");
        if (_refusingChildren)
        {
            _children.TryRemove(name, out _);
            throw new InvalidOperationException($"cannot create '{name}': {_self.Path} is stopping");
        }
        child.Start();
        return child;
    }

    private string GenerateName()
    {
        const string digits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";
        long id = Interlocked.Increment(ref _nextChildId) - 1;
        var text = new System.Text.StringBuilder("$");
        do
        {
            text.Append(digits[(int)(id & 63)]);
            id >>= 6;
        } while (id != 0);
        return text.ToString();
    }

    private static string ValidateName(string name)
    {
        if (name.Length == 0) throw new InvalidActorNameException("actor name must not be empty");
        if (name[0] == '$') throw new InvalidActorNameException($"actor name '{name}' must not start with '$' (reserved for generated names)");
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "-_.*$+:@&=,!~';".Contains(c)))
                throw new InvalidActorNameException($"actor name '{name}' contains '{c}'; use letters, digits and -_.*$+:@&=,!~';");
        }
        return name;
    }

    public void Stop(IActorRef actor)
    {
        if (actor is not IInternalActorRef target) return;
        if (_children.Values.Any(s => s.Child.Equals(target))) StopChild(target);
        else target.SendSystemMessage(new Terminate());
    }

    internal void StopChild(IInternalActorRef child)
    {
        _stoppingChildren.Add(child);
        child.SendSystemMessage(new Terminate());
    }

    internal void RestartChild(IInternalActorRef child, Exception cause, bool suspendFirst)
    {
        if (suspendFirst) child.SendSystemMessage(new Suspend());
        child.SendSystemMessage(new Recreate(cause));
    }

    internal void ResumeChild(IInternalActorRef child, Exception cause) => child.SendSystemMessage(new Resume(cause));

    private void HandleChildTerminated(IActorRef child)
    {
        var name = child.Path.Name;
        if (_children.TryGetValue(name, out var stats) && stats.Child.Equals(child)) _children.TryRemove(name, out _);
        _stoppingChildren.Remove(child);
        if (_stoppingChildren.Count > 0) return;
        if (_terminating) FinishTerminate();
        else if (_pendingRecreateCause is { } cause) FinishRecreate(cause);
    }

    private void SendToChildren(SystemMessage message)
    {
        foreach (var stats in _children.Values) stats.Child.SendSystemMessage(message);
    }
}
