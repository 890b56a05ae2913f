//! The built-in audio and video rooms: a WebRTC mesh. fayuan relays only the browsers'
//! offers, answers and ICE candidates over its signalling WebSocket; the media flow between the
//! browsers. Suits rooms of up to six on one network or with a STUN server.

use fayuan_domain::DomainError;
use fayuan_domain::ports::{RoomParticipant, RoomTicket, VideoRoom};

/// Most participants of one mesh room: each browser sends its media to every other one.
pub const MESH_CAPACITY: usize = 6;

/// The mesh adapter.
#[derive(Debug, Clone, Default)]
pub struct MeshVideoRoom {
    /// STUN/TURN URLs given to the browsers.
    pub ice_servers: Vec<String>,
}

impl VideoRoom for MeshVideoRoom {
    fn ticket(
        &self,
        room: &str,
        _participant: &RoomParticipant,
    ) -> Result<RoomTicket, DomainError> {
        if room.is_empty() || !room.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(DomainError::invalid("video.room", "视频室名称不正确。"));
        }
        Ok(RoomTicket::Mesh {
            signal_path: format!("/video/{room}/signal"),
            ice_servers: self.ice_servers.clone(),
            capacity: MESH_CAPACITY,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_name_the_signalling_path() {
        let rooms = MeshVideoRoom {
            ice_servers: vec!["stun:stun.court.example:3478".into()],
        };
        let who = RoomParticipant {
            account_id: fayuan_core::id::AccountId::new(),
            display_name: "调解员 卫调解".into(),
            role: fayuan_domain::ports::RoomRole::Member,
        };
        let RoomTicket::Mesh {
            signal_path,
            ice_servers,
            capacity,
        } = rooms.ticket("mediation-abc", &who).unwrap()
        else {
            panic!("a mesh ticket");
        };
        assert_eq!(signal_path, "/video/mediation-abc/signal");
        assert_eq!(ice_servers.len(), 1);
        assert_eq!(capacity, 6);
        assert!(rooms.ticket("../etc", &who).is_err());
    }
}
