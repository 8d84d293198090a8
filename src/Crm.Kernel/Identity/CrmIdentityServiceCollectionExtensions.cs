using Crm.Kernel.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Kernel.Identity;

public static class CrmIdentityServiceCollectionExtensions
{
    /// <summary>Identity's user and role stores in the CCR, with the password and lockout rules of eCRM.</summary>
    public static IdentityBuilder AddCrmIdentityCore(this IServiceCollection services)
    {
        services.AddScoped<UserAdministration>();
        services.AddScoped<CrmDatabaseInitializer>();
        services.AddSingleton<Api.ApiKeyCache>();
        services.AddScoped<Api.ApiKeyService>();
        services.AddScoped<UserDirectory>();
        return services
            .AddIdentityCore<CrmUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.AllowedForNewUsers = true;
                // The backstop against guessing from many addresses; the web host pauses an account for one address
                // after 5 failures (PasswordSignIn), so no single client can lock a person out.
                options.Lockout.MaxFailedAccessAttempts = 20;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CrmDbContext>();
    }
}
