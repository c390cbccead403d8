//! What every journey's pages ask of the request being rendered: who is signed in, the form
//! that was just refused, the `:id` in the address, and how a read's result is shown.
//! Components may use these; nothing here imports a journey.

use leptos::prelude::*;

use crate::domain::accounts::{Role, Viewer};
use crate::domain::form::PostedForm;
use crate::errors::AppError;

/// The form that was just posted and refused, if this page is being shown again after it.
/// (Pages are rendered on the server only; islands get what they need as props.)
pub fn posted_form() -> PostedForm {
    use_context::<PostedForm>().unwrap_or_default()
}

/// The signed-in person, as the page was rendered for them.
pub fn viewer() -> Option<Viewer> {
    use_context::<ViewerContext>().and_then(|v| v.0)
}

#[derive(Debug, Clone)]
pub struct ViewerContext(pub Option<Viewer>);

/// Works out who is signed in, for the page being rendered on the server.
pub fn provide_viewer() {
    #[cfg(feature = "ssr")]
    let viewer = crate::server::request::current_session().and_then(|session| {
        Some(Viewer {
            user_id: session.user.id,
            full_name: session.user.full_name.clone(),
            email: session.user.email.clone(),
            role: Role::parse(&session.user.role)?,
            reviews_waiting: leptos::prelude::use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<crate::server::request::ReviewsWaiting>().map(|w| w.0)),
        })
    });
    #[cfg(not(feature = "ssr"))]
    let viewer = None;
    provide_context(ViewerContext(viewer));
}

/// The signed-in person; anyone else is sent to the sign-in page (on the server, a redirect),
/// which brings them back to this page once they have signed in.
pub fn require_sign_in() -> Option<Viewer> {
    let viewer = viewer();
    if viewer.is_none() {
        #[cfg(feature = "ssr")]
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            let this_page = use_context::<http::request::Parts>()
                .and_then(|parts| parts.uri.path_and_query().map(|p| p.as_str().to_owned()));
            let sign_in = returning_to("/sign-in", this_page.as_deref());
            if let Ok(location) = http::HeaderValue::from_str(&sign_in) {
                response.set_status(http::StatusCode::SEE_OTHER);
                response.insert_header(http::header::LOCATION, location);
            }
        }
    }
    viewer
}

/// `page` (a sign-in step) with the page to return to afterwards, when there is a safe one.
pub fn returning_to(page: &str, return_to: Option<&str>) -> String {
    match return_to.and_then(crate::domain::accounts::safe_return_path) {
        #[cfg(feature = "ssr")]
        Some(path) => {
            let encoded: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
            format!("{page}?{}={encoded}", crate::domain::accounts::RETURN_TO_FIELD)
        }
        _ => page.to_owned(),
    }
}

/// The signed-in person, if they hold `role`. Anyone else is sent to sign in, or refused with
/// 403 and shown why.
pub fn require_role(role: Role) -> Result<Viewer, AnyView> {
    let viewer = require_sign_in().ok_or_else(|| ().into_any())?;
    if viewer.role.includes(role) {
        return Ok(viewer);
    }
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    Err(view! {
        <leptos_meta::Title text="You do not have access to this page" />
        <h1 class="govuk-heading-l">"You do not have access to this page"</h1>
        <p class="govuk-body">"Ask one of your organisation's administrators if you need it."</p>
    }
    .into_any())
}

/// Runs a service for the signed-in person and turns its error into the one vocabulary, with
/// the matching status (for the journeys' server functions).
#[cfg(feature = "ssr")]
pub async fn call<T, E, F, Fut>(service: F) -> Result<T, AppError>
where
    E: Into<AppError>,
    F: FnOnce(
        sea_orm::DatabaseConnection,
        services::published::PublishedContent,
        Option<services::sessions::ActiveSession>,
    ) -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    use crate::errors::WithStatus;
    let state = expect_context::<crate::server::AppState>();
    let session = crate::server::request::current_session();
    service(state.db.clone(), state.published.clone(), session).await.map_err(|error| error.into().with_status())
}

/// The `:name` in the page's address, if it is a number.
pub fn id_param(name: &'static str) -> Option<i64> {
    leptos_router::hooks::use_params_map().with_untracked(|p| p.get(name).and_then(|id| id.parse().ok()))
}

/// What a failed read shows in place of the page's content.
pub fn problem_view(error: AppError) -> AnyView {
    view! { <p class="govuk-body">{error.to_string()}</p> }.into_any()
}

/// A loading message, then the page's content or why it cannot be shown.
pub fn loaded<T, V>(
    resource: Resource<Result<T, AppError>>,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || resource.get().map(|result| match result {
                Err(error) => problem_view(error),
                Ok(value) => show(value).into_any(),
            })}
        </Suspense>
    }
}

/// A resource read by id, or "Page not found" when the address has none.
pub fn by_id<T, Fut>(
    id: Option<i64>,
    read: impl Fn(i64) -> Fut + Send + Sync + 'static,
) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(
        move || id,
        move |id| {
            let read = id.map(&read);
            async move {
                match read {
                    Some(read) => read.await,
                    None => Err(AppError::NotFound),
                }
            }
        },
    )
}
