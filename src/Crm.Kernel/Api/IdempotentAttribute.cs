using System.Security.Claims;
using System.Security.Cryptography;
using Crm.Kernel.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Kernel.Api;

/// <summary>
/// Makes a creating API call safe to retry. With an <c>Idempotency-Key</c> header, the first call runs and its response
/// is stored; a repeat with the same key and body gets the stored response (marked <c>Idempotent-Replayed: true</c>);
/// the same key with a different body, or while the first call still runs, gets 409. Keys are scoped to the caller and
/// the endpoint. Calls that fail with 5xx are not remembered, so they can be retried; a call that never finished (the
/// process died) is taken over by a retry once it is <see cref="InFlightExpiry"/> old.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute : Attribute, IFilterFactory
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>How long a first call may run before a retry with its key is processed again (it died with its process).</summary>
    public static readonly TimeSpan InFlightExpiry = TimeSpan.FromSeconds(60);

    // Not reusable: the filter holds the request-scoped context factory.
    public bool IsReusable => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        ActivatorUtilities.CreateInstance<IdempotencyFilter>(serviceProvider);

    private sealed class IdempotencyFilter(IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock) : IAsyncResourceFilter
    {
        public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
        {
            var http = context.HttpContext;
            if (!http.Request.Headers.TryGetValue(HeaderName, out var header) || string.IsNullOrWhiteSpace(header.ToString()))
            {
                await next();
                return;
            }

            var key = header.ToString().Trim();
            if (key.Length > 200)
            {
                context.Result = ApiConventions.Problem(StatusCodes.Status400BadRequest, "The Idempotency-Key header may have at most 200 characters.");
                return;
            }

            http.Request.EnableBuffering();
            var requestHash = await SHA256.HashDataAsync(http.Request.Body, http.RequestAborted);
            http.Request.Body.Position = 0;
            var scope = $"{http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous"}|{http.Request.Method} {EndpointPath(http.Request)}";

            await using var db = await contextFactory.CreateDbContextAsync(http.RequestAborted);
            // Looked up first, so an ordinary retry makes no failed INSERT (which the database and EF log as errors).
            var existing = await FindAsync(db, scope, key, http.RequestAborted);
            var record = new IdempotencyRecord { Scope = scope, Key = key, RequestHash = requestHash, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            if (existing is null)
            {
                db.IdempotencyRecords.Add(record);
                try
                {
                    await db.SaveChangesAsync(http.RequestAborted);
                }
                catch (DbUpdateException ex) when (DatabaseDialect.Of(db).IsUniqueViolation(ex))
                {
                    // A concurrent call with the same key got in between the lookup and the insert (and may have failed
                    // and been forgotten since: then it is over, and this caller retries).
                    db.ChangeTracker.Clear();
                    existing = await FindAsync(db, scope, key, http.RequestAborted);
                    if (existing is null)
                    {
                        context.Result = StillInProgress();
                        return;
                    }
                }
            }

            if (existing is not null)
            {
                if (!await TakeOverAbandonedAsync(db, existing, requestHash, http.RequestAborted))
                {
                    context.Result = Replay(existing, requestHash);
                    return;
                }

                record = existing;
                db.IdempotencyRecords.Attach(record);
            }

            var originalBody = http.Response.Body;
            await using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                var executed = await next();
                if (executed.Exception is not null && !executed.ExceptionHandled)
                {
                    throw executed.Exception;
                }

                if (http.Response.StatusCode >= 500)
                {
                    await ForgetAsync(db, record);
                }
                else
                {
                    record.StatusCode = http.Response.StatusCode;
                    record.ContentType = http.Response.ContentType;
                    record.Location = http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
                    record.ETag = http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null;
                    record.ResponseBody = buffer.ToArray();
                    await db.SaveChangesAsync(CancellationToken.None);
                }
            }
            catch
            {
                await ForgetAsync(db, record);
                throw;
            }
            finally
            {
                buffer.Position = 0;
                http.Response.Body = originalBody;
                await buffer.CopyToAsync(originalBody, CancellationToken.None);
            }
        }

        // Routing ignores case and a trailing slash, so /api/v1/Cases/ is the same endpoint as /api/v1/cases, and the same key.
        private static string EndpointPath(HttpRequest request) =>
            (request.PathBase + request.Path).Value?.TrimEnd('/').ToLowerInvariant() ?? "";

        private static Task<IdempotencyRecord?> FindAsync(CrmDbContext db, string scope, string key, CancellationToken cancellationToken) =>
            db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken);

        // A first call still "in flight" after the expiry died with its process: this retry runs it. The conditional update
        // lets exactly one of several simultaneous retries win.
        private async Task<bool> TakeOverAbandonedAsync(CrmDbContext db, IdempotencyRecord existing, byte[] requestHash, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (existing.StatusCode != 0 || now - existing.CreatedAtUtc < InFlightExpiry)
            {
                return false;
            }

            var taken = await db.IdempotencyRecords
                .Where(r => r.Id == existing.Id && r.StatusCode == 0 && r.CreatedAtUtc == existing.CreatedAtUtc)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.CreatedAtUtc, now).SetProperty(r => r.RequestHash, requestHash), cancellationToken);
            return taken == 1;
        }

        private static async Task ForgetAsync(CrmDbContext db, IdempotencyRecord record)
        {
            db.IdempotencyRecords.Remove(record);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        private static IActionResult Replay(IdempotencyRecord existing, byte[] requestHash)
        {
            if (!CryptographicOperations.FixedTimeEquals(existing.RequestHash, requestHash))
            {
                return ApiConventions.Problem(StatusCodes.Status409Conflict,
                    "This Idempotency-Key was already used with a different request body. Use a new key for a new request.");
            }

            if (existing.StatusCode == 0)
            {
                return StillInProgress();
            }

            return new ReplayResult(existing);
        }

        private static ProblemResult StillInProgress() =>
            ApiConventions.Problem(StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still being processed. Retry shortly.");

    }

    private sealed class ReplayResult(IdempotencyRecord record) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = record.StatusCode;
            response.Headers["Idempotent-Replayed"] = "true";
            if (record.ContentType is not null)
            {
                response.ContentType = record.ContentType;
            }

            if (record.Location is not null)
            {
                response.Headers.Location = record.Location;
            }

            if (record.ETag is not null)
            {
                response.Headers.ETag = record.ETag;
            }

            if (record.ResponseBody is { Length: > 0 } body)
            {
                await response.Body.WriteAsync(body);
            }
        }
    }
}
