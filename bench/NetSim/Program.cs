using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorNet.Bench.NetSim;

// A throttling TCP proxy: for each --link LISTEN=HOST:PORT it listens on 127.0.0.1:LISTEN and forwards every connection
// to HOST:PORT, through that link's two directions (to the node, from the node), each a bandwidth (--mbit, megabits per
// second) and a one-way latency (--latency-ms). Connections to one node share its link. A node whose data plane
// advertises LISTEN (actornet.data-plane.public-port) is thus reached by every peer through its simulated network card.
// --stats PORT answers each connection with one line per link: "name to-node-bytes from-node-bytes", then closes.
// Prints "netsim ready" once listening; runs until SIGINT or SIGTERM, then prints each link's bytes.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var links = new List<(int Listen, string Host, int Port)>();
double mbit = 1000, latencyMs = 0.2;
int? statsPort = null;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--link":
            var spec = Next();
            var eq = spec.IndexOf('=');
            var colon = spec.LastIndexOf(':');
            if (eq < 1 || colon < eq || !int.TryParse(spec[..eq], out int listen) || !int.TryParse(spec[(colon + 1)..], out int port))
                throw new ArgumentException($"--link '{spec}' is not LISTEN_PORT=HOST:PORT");
            links.Add((listen, spec[(eq + 1)..colon], port));
            break;
        case "--mbit": mbit = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--latency-ms": latencyMs = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--stats": statsPort = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"unknown argument '{args[i]}' (--link LISTEN=HOST:PORT ..., --mbit M, --latency-ms L, --stats PORT)");
    }
}
if (links.Count == 0) throw new ArgumentException("no --link LISTEN=HOST:PORT given");
if (mbit <= 0 || latencyMs < 0) throw new ArgumentException($"--mbit {mbit} must be positive and --latency-ms {latencyMs} not negative");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
double bytesPerSecond = mbit * 1e6 / 8;
var running = new List<Task>();
var all = new List<(string Name, Link ToNode, Link FromNode)>();
foreach (var (listen, host, port) in links)
{
    string name = $"{listen}->{host}:{port}";
    var toNode = new Link(name + " in", bytesPerSecond, latencyMs / 1000);
    var fromNode = new Link(name + " out", bytesPerSecond, latencyMs / 1000);
    all.Add((name, toNode, fromNode));
    var listener = new TcpListener(IPAddress.Loopback, listen);
    listener.Start(512);
    running.Add(Task.Run(() => AcceptAsync(listener, host, port, toNode, fromNode, stop.Token)));
}
if (statsPort is int sp)
{
    var stats = new TcpListener(IPAddress.Loopback, sp);
    stats.Start();
    running.Add(Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = await stats.AcceptTcpClientAsync(stop.Token);
            var text = string.Concat(all.Select(l => $"{l.Name} {l.ToNode.Bytes} {l.FromNode.Bytes}\n"));
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text), stop.Token);
        }
    }));
}
Console.WriteLine($"netsim ready: {links.Count} links, {mbit} Mbit/s each way, {latencyMs} ms one-way latency");
try { await Task.WhenAll(running); } catch (OperationCanceledException) { }
foreach (var (name, toNode, fromNode) in all)
    Console.WriteLine($"netsim {name}: {toNode.Bytes / 1e6:N1} MB to the node, {fromNode.Bytes / 1e6:N1} MB from it");
return;

static async Task AcceptAsync(TcpListener listener, string host, int port, Link toNode, Link fromNode, CancellationToken stop)
{
    try
    {
        while (true)
        {
            var inbound = await listener.AcceptSocketAsync(stop);
            inbound.NoDelay = true;
            _ = Task.Run(async () =>
            {
                using var client = inbound;
                using var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try { await server.ConnectAsync(host, port, stop); }
                catch (SocketException error)
                {
                    Console.Error.WriteLine($"netsim: cannot reach {host}:{port}: {error.Message}");
                    return;
                }
                await Task.WhenAll(Pump.RunAsync(client, server, toNode, stop), Pump.RunAsync(server, client, fromNode, stop));
            }, stop);
        }
    }
    catch (OperationCanceledException)
    {
        listener.Stop();
    }
}
