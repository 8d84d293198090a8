using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class SlaPolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstResponseDueAtUtc",
                table: "Service_Cases",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstResponseWarningAtUtc",
                table: "Service_Cases",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextResponseDueAtUtc",
                table: "Service_Cases",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextResponseWarningAtUtc",
                table: "Service_Cases",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionDueAtUtc",
                table: "Service_Cases",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionWarningAtUtc",
                table: "Service_Cases",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SlaNextCheckAtUtc",
                table: "Service_Cases",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlaPolicies",
                table: "Service_Cases",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "SlaPolicyId",
                table: "Service_Cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlaPolicyName",
                table: "Service_Cases",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlaRecorded",
                table: "Service_Cases",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SlaState",
                table: "Service_Cases",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Service_CaseEntries",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Service_Calendars",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    TimeZoneId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    IsTwentyFourSeven = table.Column<bool>(type: "bit", nullable: false),
                    Periods = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Holidays = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_Calendars", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_SlaPolicies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    Priority = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: true),
                    Category = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    CalendarId = table.Column<long>(type: "bigint", nullable: false),
                    FirstResponseMinutes = table.Column<int>(type: "int", nullable: true),
                    NextResponseMinutes = table.Column<int>(type: "int", nullable: true),
                    ResolutionMinutes = table.Column<int>(type: "int", nullable: true),
                    WarningPercent = table.Column<int>(type: "int", nullable: false),
                    PauseWhenPendingCustomer = table.Column<bool>(type: "bit", nullable: false),
                    PauseWhenPendingThirdParty = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_SlaPolicies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_SlaPolicies_Service_Calendars_CalendarId",
                        column: x => x.CalendarId,
                        principalTable: "Service_Calendars",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "Service_Calendars",
                columns: new[] { "Id", "CreatedAtUtc", "CreatedBy", "Holidays", "IsTwentyFourSeven", "ModifiedAtUtc", "ModifiedBy", "Name", "Periods", "TimeZoneId", "Version" },
                values: new object[] { 1L, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", "[]", true, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", "Around the clock (24x7)", "[]", "Etc/UTC", new Guid("5b0a3c8e-2f6d-4e51-9a7c-0c1d2e3f4a51") });

            migrationBuilder.InsertData(
                table: "Service_SlaPolicies",
                columns: new[] { "Id", "CalendarId", "Category", "CreatedAtUtc", "CreatedBy", "FirstResponseMinutes", "IsActive", "ModifiedAtUtc", "ModifiedBy", "Name", "NextResponseMinutes", "PauseWhenPendingCustomer", "PauseWhenPendingThirdParty", "Position", "Priority", "ResolutionMinutes", "Version", "WarningPercent" },
                values: new object[] { 1L, 1L, null, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", 240, true, new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "system", "Standard", 480, true, true, 1, null, 4320, new Guid("7c1b4d9f-3a7e-4f62-8b8d-1d2e3f4a5b62"), 75 });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaNextCheckAtUtc",
                table: "Service_Cases",
                column: "SlaNextCheckAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaPolicyId_Status",
                table: "Service_Cases",
                columns: new[] { "SlaPolicyId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Cases_SlaState_LastActivityAtUtc",
                table: "Service_Cases",
                columns: new[] { "SlaState", "LastActivityAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Calendars_Name",
                table: "Service_Calendars",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_SlaPolicies_CalendarId",
                table: "Service_SlaPolicies",
                column: "CalendarId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_SlaPolicies_IsActive_Position",
                table: "Service_SlaPolicies",
                columns: new[] { "IsActive", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_SlaPolicies_Name",
                table: "Service_SlaPolicies",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Service_SlaPolicies");

            migrationBuilder.DropTable(
                name: "Service_Calendars");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaNextCheckAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaPolicyId_Status",
                table: "Service_Cases");

            migrationBuilder.DropIndex(
                name: "IX_Service_Cases_SlaState_LastActivityAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "FirstResponseDueAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "FirstResponseWarningAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "NextResponseDueAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "NextResponseWarningAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionDueAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionWarningAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaNextCheckAtUtc",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaPolicies",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaPolicyId",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaPolicyName",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaRecorded",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "SlaState",
                table: "Service_Cases");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Service_CaseEntries");
        }
    }
}
