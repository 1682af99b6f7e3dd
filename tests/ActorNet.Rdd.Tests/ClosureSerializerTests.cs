using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using ActorNet.Rdd.Closures;

namespace ActorNet.Rdd.Tests;

public class ClosureSerializerTests
{
    private static readonly InProcessClosureHandles NoHandles = new();

    private static T RoundTrip<T>(T closure) where T : class =>
        ClosureSerializer.Deserialize<T>(ClosureSerializer.Serialize(closure), null, NoHandles);

    [Fact]
    public void StaticLambdaRoundTrips()
    {
        Func<int, int> twice = static x => x * 2;
        var copy = RoundTrip(twice);
        Assert.Equal(42, copy(21));
    }

    [Fact]
    public void CapturedLocalsAreCopied()
    {
        var offset = 3;
        var prefix = "n=";
        var weights = new[] { 1.5, 2.5 };
        Func<int, string> f = x => prefix + (x + offset) + "/" + weights.Sum();
        var copy = RoundTrip(f);
        Assert.Equal("n=10/4", copy(7));
        Assert.NotSame(f.Target, copy.Target);
    }

    [Fact]
    public void NestedClosuresAndCollectionsRoundTrip()
    {
        var k = 5;
        Func<int, int> inner = x => x + k;
        var table = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };
        var names = new List<string> { "a", "b", "a" };
        var seen = new HashSet<long> { 7, 9 };
        Func<int, int> outer = y => inner(y) * names.Sum(n => table[n]) + (seen.Contains(9) ? 1 : 0);
        var copy = RoundTrip(outer);
        Assert.Equal(outer(2), copy(2));
        Assert.Equal(29, copy(2));
    }

    private readonly record struct Scale(double Factor, int Shift);

    private sealed record Settings(string Name, int[] Sizes, (int Low, int High) Range, Tuple<string, long> Tag);

    [Fact]
    public void CapturedStructsRecordsAndTuplesRoundTrip()
    {
        var scale = new Scale(2.5, 1);
        var settings = new Settings("s", [3, 4], (1, 9), Tuple.Create("t", 8L));
        var when = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        var mode = StringComparison.OrdinalIgnoreCase;
        Func<int, string> f = x => $"{x * scale.Factor + scale.Shift}|{settings.Name}{settings.Sizes.Sum()}|{settings.Range.High}|{settings.Tag.Item2}|{when:O}|{mode}";
        var copy = RoundTrip(f);
        Assert.Equal(f(2), copy(2));
        Assert.Equal("6|s7|9|8|2024-05-06T07:08:09.0000000Z|OrdinalIgnoreCase", copy(2));
    }

    private static Func<T, T[]> Repeater<T>(int times) => v => Enumerable.Repeat(v, times).ToArray();

    private static T Identity<T>(T value) => value;

    [Fact]
    public void ClosuresOfGenericMethodsRoundTrip()
    {
        var copy = RoundTrip(Repeater<string>(3));
        Assert.Equal(["x", "x", "x"], copy("x"));
        var identity = RoundTrip<Func<double, double>>(Identity<double>);
        Assert.Equal(1.25, identity(1.25));
    }

    [Fact]
    public void SharedReferencesAndCyclesAreKept()
    {
        var shared = new List<int> { 1 };
        Func<List<int>> a = () => shared;
        Func<List<int>> b = () => shared;
        var pair = RoundTrip(new Func<(List<int>, List<int>)>(() => (a(), b())));
        var (x, y) = pair();
        Assert.Same(x, y);
        var node = new Node { Value = 4 };
        node.Next = node;
        var loop = RoundTrip(new Func<int>(() => node.Next!.Next!.Value));
        Assert.Equal(4, loop());
    }

    [Fact]
    public void MulticastDelegatesKeepEveryMethod()
    {
        var log = new List<string>();
        Action<string> first = s => log.Add("1" + s);
        Action<string> second = s => log.Add("2" + s);
        var copy = RoundTrip(first + second);
        copy("x");
        Assert.Empty(log);
        Assert.Equal(2, copy.GetInvocationList().Length);
    }

    [Fact]
    public void CapturingASocketFailsNamingTheField()
    {
        using var conn = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Func<int, int> f = x => x + conn.Available;
        var e = Assert.Throws<TaskNotSerializableException>(() => ClosureSerializer.EnsureSerializable(f));
        Assert.Contains("closure captures field 'conn' of type System.Net.Sockets.Socket, which cannot be serialized", e.Message);
        Assert.Equal("conn", e.FieldPath);
    }

    [Fact]
    public void LocalsOnlyASiblingLambdaUsesAreNotSent()
    {
        using var conn = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var k = 2;
        Func<int> sibling = () => conn.Available;
        Func<int, int> f = x => x * k;
        Assert.Same(sibling.Target, f.Target);
        var copy = RoundTrip(f);
        Assert.Equal(14, copy(7));
    }

    [Fact]
    public void ANestedClosureSharingItsScopeKeepsWhatItUses()
    {
        using var conn = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var k = 5;
        var m = 3;
        Func<int> sibling = () => conn.Available;
        Func<int, int> inner = x => x + k;
        Func<int, int> outer = y => inner(y) * m;
        Assert.Same(inner.Target, outer.Target);
        Assert.Equal(21, RoundTrip(outer)(2));
    }

    private sealed record Holder(string Name, Stream Log);

    [Fact]
    public void ANestedBadCaptureIsNamedByItsPath()
    {
        var holder = new Holder("h", new MemoryStream());
        var items = new List<Holder> { holder };
        Func<int, string> f = x => items[x].Name;
        var e = Assert.Throws<TaskNotSerializableException>(() => ClosureSerializer.EnsureSerializable(f));
        Assert.Equal("items[0].Log", e.FieldPath);
        Assert.Equal(typeof(MemoryStream), e.FieldType);
    }

    [Fact]
    public void BroadcastsAndAccumulatorsTravelAsHandles()
    {
        using var sc = new ClusterContext("local[1]", "closures");
        var table = sc.Broadcast(new[] { 10, 20 });
        var count = sc.LongAccumulator("n");
        Func<int, int> f = i => { count.Add(1); return table.Value[i]; };
        var handles = new InProcessClosureHandles();
        handles.AddBroadcast(table.Id, table);
        handles.AddAccumulator(count.Id, count);
        var copy = ClosureSerializer.Deserialize<Func<int, int>>(ClosureSerializer.Serialize(f), null, handles);
        Assert.Equal(20, copy(1));
        Assert.Equal(1, count.Value);
    }

    [Fact]
    public void AnUnregisteredAccumulatorIsRefused()
    {
        var loose = new LongAccumulator();
        Action f = () => loose.Add(1);
        var e = Assert.Throws<TaskNotSerializableException>(() => ClosureSerializer.EnsureSerializable(f));
        Assert.Equal("loose", e.FieldPath);
    }

    [Fact]
    public void ApplicationAssembliesLeaveOutTheRuntimeAndActorNet()
    {
        var shipped = ApplicationAssemblies.Collect([typeof(ClosureSerializerTests).Assembly]).Select(a => new AssemblyName(a.FullName).Name).ToList();
        Assert.Contains("ActorNet.Rdd.Tests", shipped);
        Assert.DoesNotContain("ActorNet.Rdd", shipped);
        Assert.DoesNotContain("ActorNet.Actors", shipped);
        Assert.DoesNotContain("System.Private.CoreLib", shipped);
        Assert.DoesNotContain(shipped, n => n!.StartsWith("System.", StringComparison.Ordinal));
    }

    [Fact]
    public void AClosureRunsFromAShippedAssemblyInACollectibleContextThatUnloads()
    {
        var unloaded = RunInShippedContext(out var result, out var contextOfMethod);
        Assert.Equal(36, result);
        Assert.Equal("actornet-app-test", contextOfMethod);
        for (var i = 0; i < 20 && unloaded.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(unloaded.IsAlive, "the application's load context was not collected after Unload");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunInShippedContext(out int result, out string? contextOfMethod)
    {
        var factor = 4;
        Func<int, int> f = x => x * factor;
        var bytes = ClosureSerializer.Serialize(f, out var assemblies);
        Assert.Contains(typeof(ClosureSerializerTests).Assembly, assemblies);
        var context = new ApplicationLoadContext("test", ApplicationAssemblies.Collect(assemblies.Where(ApplicationAssemblies.NeedsShipping)));
        var copy = ClosureSerializer.Deserialize<Func<int, int>>(bytes, context, NoHandles);
        var methodAssembly = copy.Method.Module.Assembly;
        Assert.NotSame(typeof(ClosureSerializerTests).Assembly, methodAssembly);
        contextOfMethod = AssemblyLoadContext.GetLoadContext(methodAssembly)?.Name;
        result = copy(9);
        context.Unload();
        return new WeakReference(context);
    }

    // A plain class goes field by field only when marked, as java.io.Serializable in Spark.
    [Serializable]
    private sealed class Node
    {
        public int Value;
        public Node? Next;
    }
}
